# Pose tracking with SOLO-Track's keypoint embedding (Fu et al., Sec. 4.4),
# the user's entry point: CID HRNet-W32 (mmpose) with the CIDTrackHead
# embedding, trained on COCO 2017 person keypoints (images only, IC + ME),
# tracking PoseTrack18 val (OKS + embedding), scored by PoseTrack MOTA.
#   tools/dist_train.sh configs/pose_track/cid-track_hrnet-w32_8xb20-140e_coco-posetrack18.py 8
# Data: COCO 2017 under data/coco/; PoseTrack18 under data/posetrack18/
# (images/val/..., annotations/val/*.json), its videos merged for mmpose:
#   python tools/dataset_converters/posetrack18_merge.py \
#       data/posetrack18/annotations/val \
#       data/posetrack18/annotations/posetrack18_val.json \
#       --data-root data/posetrack18
# COCO's joints 1 and 2 are the eyes, PoseTrack18's the head bottom and top:
# a COCO-only model is scored on them as it predicts them (the paper
# fine-tunes on MPII for that, its "Ours++").
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

coco_root = 'data/coco/'
posetrack_root = 'data/posetrack18/'
input_size = (512, 512)
codec = dict(type='DecoupledHeatmap', input_size=input_size,
             heatmap_size=(128, 128))
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
    backbone=dict(
        type='HRNet',
        in_channels=3,
        extra=dict(
            stage1=dict(num_modules=1, num_branches=1, block='BOTTLENECK',
                        num_blocks=(4, ), num_channels=(64, )),
            stage2=dict(num_modules=1, num_branches=2, block='BASIC',
                        num_blocks=(4, 4), num_channels=(32, 64)),
            stage3=dict(num_modules=4, num_branches=3, block='BASIC',
                        num_blocks=(4, 4, 4), num_channels=(32, 64, 128)),
            stage4=dict(num_modules=3, num_branches=4, block='BASIC',
                        num_blocks=(4, 4, 4, 4),
                        num_channels=(32, 64, 128, 256),
                        multiscale_output=True)),
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmpose/'
            'pretrain_models/hrnet_w32-36af842e.pth')),
    neck=dict(type='FeatureMapProcessor', concat=True),
    head=dict(
        type='CIDTrackHead',
        in_channels=480,
        num_keypoints=17,
        gfd_channels=32,
        embed_channels=32,
        coupled_heatmap_loss=dict(type='FocalHeatmapLoss', loss_weight=1.0),
        decoupled_heatmap_loss=dict(
            type='FocalHeatmapLoss', loss_weight=4.0),
        contrastive_loss=dict(
            type='InfoNCELoss', temperature=0.05, loss_weight=1.0),
        embed_feat_channels=128,
        # as configs/solo_track.py: the contrast term outweighs ME
        loss_ic=dict(type='InstanceContrastiveLoss', lambda_contra=10.0,
                     loss_weight=0.1),
        loss_me=dict(type='MaxEntropyLoss', loss_weight=0.1),
        decoder=codec),
    train_cfg=dict(max_train_instances=200),
    test_cfg=dict(
        multiscale_test=False,
        # a deviation from mmpose's CID config (flip_test=True): the
        # tracking embedding is pooled at the people's roots found on the
        # un-flipped features, while flip testing picks the roots on the
        # flip-averaged heatmaps, which can differ in number and order
        # (CIDTrackHead refuses a count mismatch); off, every decoded
        # person gets its own embedding. Costs mmpose's flip-test gain in
        # keypoint AP (not measured here)
        flip_test=False,
        shift_heatmap=False,
        align_corners=False,
        max_instances=30),
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
    dict(type='mmpose.BottomupResize', input_size=input_size, size_factor=64,
         resize_mode='expand'),
    dict(type='mmpose.PackPoseInputs',
         meta_keys=('id', 'img_id', 'img_path', 'ori_shape', 'img_shape',
                    'input_size', 'input_center', 'input_scale', 'flip',
                    'flip_direction', 'flip_indices'))
]
train_dataloader = dict(
    batch_size=20,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='mmpose.CocoDataset',
        data_root=coco_root,
        data_mode='bottomup',
        ann_file='annotations/person_keypoints_train2017.json',
        data_prefix=dict(img='train2017/'),
        pipeline=train_pipeline))
# frames in video order, one per batch: the tracker runs across them; under
# N processes each tracks whole videos (mmengine's DefaultSampler would deal
# every N-th frame to each)
val_dataloader = dict(
    batch_size=1,
    num_workers=1,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='VideoShardSampler'),
    dataset=dict(
        type='mmpose.PoseTrack18Dataset',
        data_root=posetrack_root,
        data_mode='bottomup',
        ann_file='annotations/posetrack18_val.json',
        data_prefix=dict(img=''),
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    type='mmpose.PoseTrackMOTAMetric',
    ann_file=posetrack_root + 'annotations/posetrack18_val.json',
    kpt_score_thr=0.2)
test_evaluator = val_evaluator

# CID's schedule (mmpose): 140 epochs of 8 GPUs x 20 images
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=140, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=140, milestones=[90, 120],
         gamma=0.1, by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=160)
