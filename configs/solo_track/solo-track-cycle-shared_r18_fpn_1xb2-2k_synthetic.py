# solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py with the cycle-consistency
# loss on the image embedding itself (the paper's dashed link in Fig. 2,
# used when images and videos come from one domain, as the synthetic
# images and videos do): no second branch; the tracking embedding is
# trained by IC + ME on the images and by the cycle loss on the clips.
_base_ = './solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py'
model = dict(detector=dict(mask_head=dict(video_branch='shared')))
custom_hooks = [
    dict(type='LabelOrderCheckHook'),
    dict(type='CheckpointCoverageHook'),
    # warns when no clip feeds the cycle loss (it would stay at 0)
    dict(type='CycleClipsHook', interval=50),
]
