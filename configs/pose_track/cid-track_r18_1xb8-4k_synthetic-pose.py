# SOLO-Track's keypoint embedding on a bottom-up pose model (Fu et al., Sec.
# 4.4), on the synthetic pose corpus: CID (mmpose) with a ResNet-18 and the
# CIDTrackHead embedding, trained from scratch on labeled COCO-keypoints
# images only, then tracking held-out PoseTrack18-format videos with
# PoseTracker (OKS + embedding); scored by PoseTrack MOTA. Data:
#   python tools/make_synthetic.py data/synthetic_pose --preset pose \
#       --pose-images 1000 --pose-videos 10
# The images are labeled with COCO's 17 joints, the videos with
# PoseTrack18's: joints 1 and 2 (eyes in COCO, head bottom and top in
# PoseTrack18) are predicted as eyes and scored as head joints, as a model
# trained on COCO alone would be (the paper fine-tunes on MPII for that,
# its "Ours++"); they count in 2 of the 15 scored joints.
# mmpose's components are named with their scope (mmpose.*); the runner's
# own (hooks, visualizer, loops) stay mmdet's, as in every config here:
# building anything in mmpose's scope imports mmpose.visualization, which
# needs torchvision (not installed: see requirements/pose.txt)
_base_ = '../_base_/default_runtime.py'
custom_imports = dict(
    imports=[
        'mmtrack_unsup', 'mmtrack_unsup.models.pose',
        'mmtrack_unsup.evaluation.metrics.posetrack_mota_metric'
    ],
    allow_failed_imports=False)

data_root = 'data/synthetic_pose/'
input_size = (320, 192)  # the corpus' frames
codec = dict(type='DecoupledHeatmap', input_size=input_size,
             heatmap_size=(80, 48))
# PoseTrack18's OKS constants (mmpose's dataset metainfo)
posetrack18_sigmas = [
    0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062,
    0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089
]
model = dict(
    type='mmpose.BottomupPoseTracker',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(type='ResNet', depth=18, out_indices=(0, )),
    head=dict(
        type='CIDTrackHead',
        in_channels=64,
        num_keypoints=17,
        gfd_channels=32,
        embed_channels=32,
        coupled_heatmap_loss=dict(type='FocalHeatmapLoss', loss_weight=1.0),
        decoupled_heatmap_loss=dict(
            type='FocalHeatmapLoss', loss_weight=4.0),
        contrastive_loss=dict(
            type='InfoNCELoss', temperature=0.05, loss_weight=1.0),
        # as SOLO-Track's synthetic config: the contrast term outweighs ME
        loss_ic=dict(type='InstanceContrastiveLoss', lambda_contra=100.0,
                     loss_weight=0.01),
        loss_me=dict(type='MaxEntropyLoss', loss_weight=0.1),
        decoder=codec),
    train_cfg=dict(max_train_instances=200),
    test_cfg=dict(
        multiscale_test=False,
        flip_test=False,
        shift_heatmap=False,
        align_corners=False,
        max_instances=10),
    tracker=dict(
        type='PoseTracker',
        sigmas=posetrack18_sigmas,
        oks_thr=0.3,
        score_thr=0.2,
        init_track_thr=0.3,
        kpt_score_thr=0.2,
        embedding_thr=0.7,
        embedding_weight=0.05,
        num_frames_retain=5))

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
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='mmpose.CocoDataset',
        data_root=data_root + 'coco/',
        data_mode='bottomup',
        ann_file='annotations/person_keypoints_train2017.json',
        data_prefix=dict(img='train2017/'),
        pipeline=train_pipeline))
# frames in video order, one per batch: the tracker runs across them
val_dataloader = dict(
    batch_size=1,
    num_workers=1,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='mmpose.PoseTrack18Dataset',
        data_root=data_root + 'posetrack18/',
        data_mode='bottomup',
        ann_file='annotations/posetrack18_val.json',
        data_prefix=dict(img=''),
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    type='mmpose.PoseTrackMOTAMetric',
    ann_file=data_root + 'posetrack18/annotations/posetrack18_val.json',
    kpt_score_thr=0.2)
test_evaluator = val_evaluator

train_cfg = dict(type='IterBasedTrainLoop', max_iters=4000,
                 val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='LinearLR', begin=0, end=200, start_factor=0.01,
         by_epoch=False),
    dict(type='MultiStepLR', begin=0, end=4000, milestones=[3000],
         gamma=0.1, by_epoch=False)
]
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=20),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=1000,
                    max_keep_ckpts=2))
log_processor = dict(by_epoch=False)
randomness = dict(seed=0)
