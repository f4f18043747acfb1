# SOLO-Track (Fu et al., CVPR 2021): SOLO R-50 FPN whose head adds a
# tracking-embedding branch trained with the instance-contrastive (Eq. 2-5)
# and max-entropy (Eq. 6) losses; videos are tracked by prototypes.
model = dict(
    type='SOLOTrack',
    data_preprocessor=dict(
        type='TrackDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_mask=True,
        pad_size_divisor=32,
        use_det_processor=True),  # images in training, videos at test
    detector=dict(
        type='SOLO',
        backbone=dict(
            type='ResNet',
            depth=50,
            num_stages=4,
            out_indices=(0, 1, 2, 3),
            frozen_stages=1,
            init_cfg=dict(type='Pretrained',
                          checkpoint='torchvision://resnet50'),
            style='pytorch'),
        neck=dict(
            type='FPN',
            in_channels=[256, 512, 1024, 2048],
            out_channels=256,
            start_level=0,
            num_outs=5),
        mask_head=dict(
            type='SOLOTrackHead',
            num_classes=80,
            in_channels=256,
            stacked_convs=7,
            feat_channels=256,
            embed_channels=64,
            strides=[8, 8, 16, 32, 32],
            scale_ranges=((1, 96), (48, 192), (96, 384), (192, 768),
                          (384, 2048)),
            pos_scale=0.2,  # the centre region's epsilon
            num_grids=[40, 36, 24, 16, 12],
            cls_down_index=0,
            loss_mask=dict(type='DiceLoss', use_sigmoid=True,
                           loss_weight=3.0),
            loss_cls=dict(type='FocalLoss', use_sigmoid=True, gamma=2.0,
                          alpha=0.25, loss_weight=1.0),
            # lambda (Eq. 5) keeps the contrast term 10x the ME term: when
            # ME outweighs it, the embeddings collapse to ~0 (measured on
            # the synthetic set, see the synthetic config)
            loss_ic=dict(type='InstanceContrastiveLoss', lambda_contra=10.0,
                         loss_weight=0.1),
            loss_me=dict(type='MaxEntropyLoss', loss_weight=0.1),
            norm_cfg=dict(type='GN', num_groups=32, requires_grad=True)),
        test_cfg=dict(
            nms_pre=500,
            score_thr=0.1,
            mask_thr=0.5,
            filter_thr=0.05,
            kernel='gaussian',
            sigma=2.0,
            max_per_img=100)),
    # the paper's tracking by prototypes; on the synthetic VIS videos the
    # embedding did better as an extra cue of the baseline's association:
    # dict(type='SpatialCategoryTracker', match_iou_thr=0.01,
    #      num_frames_retain=5, embedding_thr=0.7, embedding_weight=0.05)
    # (configs/solo_track/solo-track_r18_fpn_spatial-category-embedding_*)
    tracker=dict(
        type='PrototypeTracker',
        match_thr=0.2,
        score_thr=0.3,
        init_track_thr=0.3,
        include_self=True,
        # the paper's softmax over prototypes alone dilutes as tracks
        # accumulate (see PrototypeTracker); measured on synthetic videos
        bidirectional=True,
        # cosine gate against stale tracks taking new objects (see
        # PrototypeTracker); 0.7 in the synthetic post-processing config
        min_cosine=None,
        momentum=None,
        post_process=None,  # dict(det_score=1.0, iou=2.0, category=10.0)
        num_frames_retain=20))
