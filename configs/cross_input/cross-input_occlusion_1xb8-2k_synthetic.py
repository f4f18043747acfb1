# Cross-input consistency with occlusion hiding (Bastani et al., Sec. 4.2),
# Table 1's "Occlusion" row: both inputs see crops and boxes; each loses a
# different random run of intermediate frames and is tracked in two parts
# joined at a hand-off frame (the product of their transition matrices).
# The inputs see pixels of every frame, so every frame's crops are loaded,
# and the tracker runs the model's single combined input.
# Data: python tools/make_synthetic.py data/synthetic_mot --mot --convert
_base_ = './cross-input_visual-spatial_1xb8-2k_synthetic.py'

model = dict(
    hiding=dict(
        _delete_=True,
        type='OcclusionHiding',
        max_occluded_frac=0.5,
        handoff=True,
        # a deviation (see OcclusionHiding): the hand-off from step 0 left
        # the two inputs at the uniform solution for all 2000 steps; the
        # first 500 steps train the single-run tracker, then hand off
        handoff_warmup=500),
    tracker=dict(mode='combined'))
# the loss jumps when the hand-off starts (a new regime, not a plateau):
# the plateau watch restarts there instead of cutting the learning rate
custom_hooks = [
    dict(type='TrainLossPlateauHook', interval=100, factor=0.1, patience=3,
         min_lr=1e-4, regime_key='handoff'),
    dict(type='ChanceAgreementHook', interval=100, patience=10, ratio=1.2)
]
train_pipeline = [
    dict(type='LoadClipCrops', crop_size=64, frames='all'),
    dict(type='PackClipInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
