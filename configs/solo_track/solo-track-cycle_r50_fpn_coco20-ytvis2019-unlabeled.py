# SOLO-Track with self-supervised video correspondence (Fu et al., Sec. 3.4):
# configs/solo_track.py's IC + ME model (its checkpoint: load_from), trained
# further on batches of 2 labeled COCO images and 1 unlabeled 2-frame clip of
# the YouTube-VIS 2019 train videos not held out for evaluation, converted
# without any annotation:
#   python tools/dataset_converters/youtubevis2cocovid.py \
#       data/youtube_vis_2019/annotations/train_split.json \
#       data/youtube_vis_2019/annotations/ytvis2019_unlabeled_train.json \
#       --drop-annotations
# (train_split.json: the split_youtubevis.py command in solo_track.py.)
# COCO and YouTube-VIS differ in domain, so the clips train a separate
# video embedding branch (the paper's choice then); tracking uses the image
# embedding. Test-time adaptation (offline: it reads the test video's own
# frames before tracking it): add ../_base_/solo_track/test_time_adaptation.py's
# tta_hook to custom_hooks with optimizer.lr=0.0001, this config's training
# rate (the paper gives no TTA learning rate; the base file's 0.001 is the
# synthetic R-18 cycle config's, where TTA was measured at the cycle
# training's own rate).
#   tools/dist_train.sh \
#       configs/solo_track/solo-track-cycle_r50_fpn_coco20-ytvis2019-unlabeled.py 8
_base_ = '../solo_track.py'

num_clip_frames = 2  # Table 2: 2, 3 or 4
model = dict(
    data_preprocessor=dict(type='ImageClipDataPreprocessor'),
    detector=dict(
        mask_head=dict(
            video_branch='separate',
            # the instances the tracker sees (its score_thr 0.3), as in the
            # synthetic cycle config where it was measured; None (every
            # decayed duplicate SOLO keeps) was the degenerate setting
            valid_score_thr=0.3,
            loss_cycle=dict(type='CycleConsistencyLoss', temperature=1.0,
                            loss_weight=1.0))))

labeled = {{_base_.train_dataloader.dataset}}
# the group of frames: a random key frame and num_clip_frames - 1 others
# within num_clip_frames - 1 frames of it (mmdet's UniformRefFrameSample).
# The paper samples the group "randomly from one sequence"; a deviation:
# nearby frames keep the same instances in view, so the cycle has valid
# cells in every frame (YouTube-VIS's annotated frames are already 5
# apart); a larger frame_range samples the group further apart.
clip_pipeline = [
    dict(type='UniformRefFrameSample', num_ref_imgs=num_clip_frames - 1,
         frame_range=num_clip_frames - 1, filter_key_img=True),
    dict(
        type='TransformBroadcaster',
        share_random_params=True,
        transforms=[
            dict(type='LoadImageFromFile'),
            dict(type='RandomChoiceResize',
                 scales=[(1333, 800), (1333, 768), (1333, 736), (1333, 704),
                         (1333, 672), (1333, 640)],
                 keep_ratio=True),
            dict(type='RandomFlip', prob=0.5),
        ]),
    dict(type='PackTrackInputs')
]
# the 40 YouTube-VIS categories of the file, in its order (no label is read)
unlabeled = dict(
    type='YouTubeVISDataset',
    dataset_version='2019',
    data_root='data/youtube_vis_2019/',
    ann_file='annotations/ytvis2019_unlabeled_train.json',
    data_prefix=dict(img_path='train/JPEGImages'),
    filter_cfg=dict(filter_empty_gt=False, min_size=32),
    pipeline=clip_pipeline)
train_dataloader = dict(
    _delete_=True,
    batch_size=3,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='MultiSourceSampler', batch_size=3,
                 source_ratio=[2, 1]),
    dataset=dict(type='ConcatDataset', datasets=[labeled, unlabeled]))

# from the IC + ME model (configs/solo_track.py's final checkpoint), at the
# last learning rate of its schedule; MultiSourceSampler is infinite, so the
# schedule counts iterations (about 2 epochs of COCO's 20-category images
# on 8 GPUs). Not measured on the real data (no download here).
load_from = 'work_dirs/solo_track/epoch_12.pth'
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop', max_iters=20000,
                 val_interval=20000)
optim_wrapper = dict(optimizer=dict(lr=0.0001))
param_scheduler = None
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=5000))
log_processor = dict(by_epoch=False)
custom_hooks = [
    dict(type='LabelOrderCheckHook'),
    dict(type='CheckpointCoverageHook',
         fresh_prefixes=('detector.mask_head.video_embed_convs',
                         'detector.mask_head.conv_video_embed')),
    # warns when no clip feeds the cycle loss (it would stay at 0)
    dict(type='CycleClipsHook', interval=50),
]
