# Pose tracking on the synthetic pose corpus: the user's entry point,
# cid-track_hrnet-w32_8xb20-140e_coco-posetrack18.py, with only what a
# 2-core CPU needs changed; its datasets, pipelines, tracker and evaluator
# are the user's, on files in COCO's and PoseTrack18's own formats:
#   python tools/make_synthetic.py data/synthetic_pose --preset pose \
#       --pose-images 1000 --pose-videos 10
# Changed: data roots; the input size (the corpus' 320x192 frames); the
# schedule (4k iterations of 8 images from scratch); the model size
# (ResNet-18 instead of HRNet-W32, whose ImageNet weights cannot be
# downloaded); the embedding losses' weights as SOLO-Track's synthetic
# config (lambda 100 x 0.01: the contrast term outweighs ME) and the
# tracker's retention. Not tuned yet (issue 13).
_base_ = './cid-track_hrnet-w32_8xb20-140e_coco-posetrack18.py'

data_root = 'data/synthetic_pose/'
input_size = (320, 192)
codec = dict(type='DecoupledHeatmap', input_size=input_size,
             heatmap_size=(80, 48))
model = dict(
    backbone=dict(_delete_=True, type='ResNet', depth=18, out_indices=(0, )),
    neck=None,
    head=dict(
        in_channels=64,
        embed_feat_channels=64,
        loss_ic=dict(lambda_contra=100.0, loss_weight=0.01),
        decoder=codec),
    test_cfg=dict(max_instances=10),
    tracker=dict(num_frames_retain=5))

train_pipeline = [
    dict(type='mmpose.LoadImage'),
    dict(type='mmpose.BottomupRandomAffine', input_size=input_size),
    dict(type='mmpose.RandomFlip', direction='horizontal'),
    dict(type='mmpose.GenerateTarget', encoder=codec),
    dict(type='mmpose.BottomupGetHeatmapMask'),
    dict(type='mmpose.PackPoseInputs'),
]
test_pipeline = [
    dict(type='mmpose.LoadImage'),
    dict(type='mmpose.BottomupResize', input_size=input_size, size_factor=32,
         resize_mode='expand'),
    dict(type='mmpose.PackPoseInputs',
         meta_keys=('id', 'img_id', 'img_path', 'ori_shape', 'img_shape',
                    'input_size', 'input_center', 'input_scale', 'flip',
                    'flip_direction', 'flip_indices'))
]
train_dataloader = dict(
    batch_size=8,
    dataset=dict(data_root=data_root + 'coco/', pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(data_root=data_root + 'posetrack18/',
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    ann_file=data_root + 'posetrack18/annotations/posetrack18_val.json')
test_evaluator = val_evaluator

train_cfg = dict(_delete_=True, type='IterBasedTrainLoop', max_iters=4000,
                 val_interval=4000)
param_scheduler = [
    dict(type='LinearLR', begin=0, end=200, start_factor=0.01,
         by_epoch=False),
    dict(type='MultiStepLR', begin=0, end=4000, milestones=[3000],
         gamma=0.1, by_epoch=False)
]
auto_scale_lr = dict(enable=False, base_batch_size=160)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=20),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=1000,
                    max_keep_ckpts=2))
log_processor = dict(by_epoch=False)
randomness = dict(seed=0)
