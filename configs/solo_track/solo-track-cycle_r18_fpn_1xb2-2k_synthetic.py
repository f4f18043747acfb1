# SOLO-Track + self-supervised video correspondence (Fu et al., Sec. 3.4,
# Table 1 "Video Correspondence") on the synthetic corpus: the IC + ME model
# of solo-track_r18_fpn_1xb2-10k_synthetic.py (its checkpoint: load_from)
# trained 2k more iterations on batches of 2 labeled COCO-format images and
# 1 unlabeled 2-frame clip of YouTube-VIS-format videos, whose json has no
# annotation at all (`make vis-unlabeled-data`):
#   python tools/make_synthetic.py data/synthetic_vis_unlabeled --preset vis \
#       --vis-videos 41 --vis-heldout 1 --test-seed 3000
# The images keep SOLO's and the IC + ME losses; the clips train a second,
# video embedding branch with the cycle-consistency loss (Eq. 7-8) on the
# cells SOLO keeps; tracking uses the image embedding (prototypes, as the
# IC + ME row). Its control, the same 2k iterations without clips, is
# solo-track_r18_fpn_images-finetune-2k_synthetic.py.
# The same construction on COCO + YouTube-VIS train videos is
# solo-track-cycle_r50_fpn_coco20-ytvis2019-unlabeled.py.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'

video_root = 'data/synthetic_vis_unlabeled/youtube_vis_2019/'
img_scale = (160, 96)
# Table 2: 2, 3 or 4. Read once, when this file is parsed: a child config
# restates clip_pipeline; on the command line set the clip sampler itself,
# train_dataloader.dataset.datasets.1.pipeline.0.num_ref_imgs=N-1 and
# .frame_range=N-1 (as `make solo-track-cycle-frames` does)
num_clip_frames = 2

model = dict(
    data_preprocessor=dict(type='ImageClipDataPreprocessor'),
    detector=dict(
        mask_head=dict(
            video_branch='separate',
            # the instances the tracker sees (its score_thr), not SOLO's
            # decayed duplicates (see SOLOTrackHead)
            valid_score_thr=0.3,
            loss_cycle=dict(type='CycleConsistencyLoss', temperature=1.0,
                            loss_weight=1.0))))

# the labeled images: the base config's dataset and pipeline
labeled = {{_base_.train_dataloader.dataset}}
# the unlabeled clips: frames sampled around a random key frame, no
# annotation loaded (the json has none)
clip_pipeline = [
    dict(type='UniformRefFrameSample', num_ref_imgs=num_clip_frames - 1,
         frame_range=num_clip_frames - 1, filter_key_img=True),
    dict(
        type='TransformBroadcaster',
        share_random_params=True,
        transforms=[
            dict(type='LoadImageFromFile'),
            dict(type='Resize', scale=img_scale, keep_ratio=True),
            dict(type='RandomFlip', prob=0.5),
        ]),
    dict(type='PackTrackInputs')
]
unlabeled = dict(
    type='YouTubeVISDataset',
    dataset_version='2019',
    data_root=video_root,
    ann_file='annotations/ytvis2019_unlabeled_train.json',
    data_prefix=dict(img_path='train/JPEGImages'),
    # frames without annotations are the point: keep them
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

# fine-tuning from the IC + ME model at its final learning rate
load_from = 'work_dirs/solo-track_r18_fpn_1xb2-10k_synthetic/iter_10000.pth'
train_cfg = dict(max_iters=2000, val_interval=2000)
optim_wrapper = dict(optimizer=dict(lr=0.001))
param_scheduler = None
custom_hooks = [
    dict(type='LabelOrderCheckHook'),
    # the video branch is new: everything else must load
    dict(type='CheckpointCoverageHook',
         fresh_prefixes=('detector.mask_head.video_embed_convs',
                         'detector.mask_head.conv_video_embed')),
    # warns when no clip feeds the cycle loss (it would stay at 0)
    dict(type='CycleClipsHook', interval=50),
]
