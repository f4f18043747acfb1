# Test-time adaptation of SOLO-Track (Fu et al., Sec. 3.5), offline: before
# each test video is tracked (so it reads frames the tracker has not reached
# yet), 5 steps (Sec. 4.2) of the cycle-consistency loss on
# clips of its own frames update the backbone, the FPN and the video branch;
# the weights are restored after the video. A cycle model config with TTA:
#   _base_ = ['./<cycle model config>.py',
#             '../_base_/solo_track/test_time_adaptation.py']
#   custom_hooks = {{_base_.tta_custom_hooks}}
# mode='online' adapts before each frame on the frames seen so far (a
# deviation, for live video; not measured yet)
tta_hook = dict(
    type='TestTimeAdaptationHook',
    mode='offline',
    num_iters=5,
    num_frames=2,
    clips_per_iter=4,
    # the paper gives no TTA learning rate: the cycle training's own, here
    # the synthetic R-18 cycle config's 0.001 (set 0.0001 for the R-50
    # config, which trains at that rate)
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9),
    update=('detector.backbone', 'detector.neck',
            'detector.mask_head.video_embed_convs',
            'detector.mask_head.conv_video_embed'))
# the cycle configs' hooks (the video branch may start fresh) and TTA
tta_custom_hooks = [
    dict(type='LabelOrderCheckHook'),
    dict(type='CheckpointCoverageHook',
         fresh_prefixes=('detector.mask_head.video_embed_convs',
                         'detector.mask_head.conv_video_embed')),
    tta_hook,
]
