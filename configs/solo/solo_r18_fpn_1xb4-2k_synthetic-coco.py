# SOLO (Wang et al., ECCV 2020) with a small ResNet-18 FPN trained from
# scratch on the synthetic labeled images (COCO 2017's layout, ids and
# names), as SOLO-Track's synthetic config sizes it. The four classes the
# corpus draws: a COCO subset, as a user would train one (labels follow the
# file's order, checked by LabelOrderCheckHook). Generate the data first:
#   python tools/make_synthetic.py data/synthetic_vis --preset vis \
#       --coco-images 1000 --vis-videos 10
_base_ = 'mmdet::solo/solo_r50_fpn_1x_coco.py'
custom_imports = dict(imports=['mmtrack_unsup'], allow_failed_imports=False)

data_root = 'data/synthetic_vis/coco/'
metainfo = dict(classes=('person', 'car', 'dog', 'skateboard'))
img_scale = (320, 192)

model = dict(
    backbone=dict(depth=18, frozen_stages=-1, init_cfg=None),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=64),
    mask_head=dict(
        num_classes=4,
        in_channels=64,
        feat_channels=64,
        stacked_convs=2,
        scale_ranges=((1, 48), (24, 96), (48, 192), (96, 384), (192, 2048)),
        norm_cfg=dict(type='GN', num_groups=16, requires_grad=True)))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='annotations/instances_train2017.json',
        data_prefix=dict(img='train2017/'),
        pipeline=train_pipeline))
# image-level validation comes with SOLO-Track's video evaluation
val_dataloader = None
val_cfg = None
val_evaluator = None
test_dataloader = None
test_cfg = None
test_evaluator = None

# label i must be classes[i] in every annotation file (see solo_track.py)
custom_hooks = [dict(type='LabelOrderCheckHook')]

train_cfg = dict(_delete_=True, type='IterBasedTrainLoop', max_iters=2000)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0,
         end=100),
    dict(type='MultiStepLR', by_epoch=False, milestones=[1500], gamma=0.1)
]
optim_wrapper = dict(optimizer=dict(lr=0.01), clip_grad=dict(max_norm=10))
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=20),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=500))
log_processor = dict(by_epoch=False)
vis_backends = [
    dict(type='LocalVisBackend'),
    dict(type='TensorboardVisBackend')
]
visualizer = dict(vis_backends=vis_backends)
