# SOLO-Track on the synthetic corpus: the small SOLO R-18 of
# configs/solo/ with the tracking-embedding head, trained from scratch on
# labeled synthetic *images* (no video), then evaluated on held-out synthetic
# YouTube-VIS videos (seed 1000) with YouTubeVISMetric. About 35 minutes
# on 2 CPU cores (the Dice loss still falls steeply after 2k steps).
# Data (`make vis-data`):
#   python tools/make_synthetic.py data/synthetic_vis --preset vis \
#       --coco-images 1000 --vis-videos 10
_base_ = '../solo/solo_r18_fpn_1xb4-2k_synthetic-coco.py'

data_root = 'data/synthetic_vis/'
classes = ('rectangle', 'ellipse', 'triangle', 'diamond')
detector = _base_.model
detector.pop('data_preprocessor')
detector.mask_head.update(
    type='SOLOTrackHead',
    embed_channels=32,
    # Eq. 2 sums L1 distances over cells and channels (~170 per image at
    # initialisation): a small weight keeps it from swamping SOLO's losses.
    # The contrast term (lambda of Eq. 5) must outweigh the max-entropy
    # term, which pulls the similarities towards uniform: with an effective
    # contrast weight of 0.01 against ME's 0.1 the embeddings collapsed to
    # ~0 (measured), so lambda restores it to 1.
    loss_ic=dict(type='InstanceContrastiveLoss', lambda_contra=100.0,
                 loss_weight=0.01),
    loss_me=dict(type='MaxEntropyLoss', loss_weight=0.1))
model = dict(
    _delete_=True,
    type='SOLOTrack',
    data_preprocessor=dict(
        type='TrackDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_mask=True,
        pad_size_divisor=32,
        use_det_processor=True),
    detector=detector,
    # bidirectional and num_frames_retain were chosen on separate tuning
    # videos (seed 2000), not on the held-out ones (seed 1000); README
    tracker=dict(
        type='PrototypeTracker',
        match_thr=0.2,
        score_thr=0.3,
        init_track_thr=0.3,
        bidirectional=True,
        num_frames_retain=5))

# small frames and batches so that training takes minutes on 2 CPU cores
img_scale = (160, 96)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
train_dataloader = dict(
    batch_size=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
test_pipeline = [
    dict(
        type='TransformBroadcaster',
        transforms=[
            dict(type='LoadImageFromFile'),
            dict(type='Resize', scale=img_scale, keep_ratio=True),
            dict(type='LoadTrackAnnotations', with_mask=True),
        ]),
    dict(type='PackTrackInputs')
]
# the SOLO base has no validation (None): replace, don't merge
val_dataloader = dict(
    _delete_=True,
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='YouTubeVISDataset',
        dataset_version='2019',
        metainfo=dict(classes=classes),
        data_root=data_root,
        ann_file='annotations/youtube_vis_valid.json',
        data_prefix=dict(img_path='JPEGImages'),
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='GuardedYouTubeVISMetric',
    metric='youtube_vis_ap',
    metric_items=['mAP', 'mAP_50', 'mAP_75', 'AR@1', 'AR@10'])
test_evaluator = val_evaluator
val_cfg = dict(_delete_=True, type='ValLoop')
test_cfg = dict(_delete_=True, type='TestLoop')
train_cfg = dict(max_iters=10000, val_interval=10000)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0,
         end=100),
    dict(type='MultiStepLR', by_epoch=False, milestones=[8500], gamma=0.1)
]
default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook', by_epoch=False, interval=1000,
        max_keep_ckpts=3),
    visualization=dict(type='TrackVisualizationHook', draw=False))
visualizer = dict(type='TrackLocalVisualizer')
randomness = dict(seed=0)
