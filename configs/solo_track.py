# SOLO-Track, the user's entry point: SOLO R-50 FPN with the tracking
# embedding, trained on COCO images of the 20 categories YouTube-VIS 2019
# shares with COCO, evaluated on labelled YouTube-VIS 2019 videos of those
# categories.
#   tools/dist_train.sh configs/solo_track.py 8
# Data: COCO 2017 under data/coco/; YouTube-VIS 2019 under
# data/youtube_vis_2019/. The public valid split has no masks (YTVISeval
# returns -1 on it), so evaluation uses videos held out of train.json:
#   python tools/dataset_converters/split_youtubevis.py \
#       data/youtube_vis_2019/train.json \
#       data/youtube_vis_2019/annotations/train_split.json \
#       data/youtube_vis_2019/annotations/heldout_split.json \
#       --num-heldout 300 --coco-overlap
#   python tools/dataset_converters/youtubevis2cocovid.py \
#       data/youtube_vis_2019/annotations/heldout_split.json \
#       data/youtube_vis_2019/annotations/ytvis2019_coco20_heldout.json \
#       --coco-overlap
# For a server submission of valid, convert valid.json with --unlabeled and
# test with --cfg-options test_dataloader.dataset.ann_file=... \
#   test_dataloader.dataset.data_prefix.img_path=valid/JPEGImages \
#   test_evaluator.format_only=True test_evaluator.outfile_prefix=results
_base_ = [
    './_base_/models/solo-track_r50_fpn.py', './_base_/default_runtime.py'
]
# Label i must mean one class in training and in evaluation. mmdet numbers
# labels in each annotation file's category order (not in `classes` order),
# so both tuples follow COCO's file order (by COCO category id), and the
# converter's --coco-overlap renumbers the videos' categories in that order
# (YTVIS2019_COCO_OVERLAP). tests/test_configs checks it on files in the real
# formats.
coco_classes = ('person', 'car', 'motorcycle', 'airplane', 'train', 'truck',
                'boat', 'cat', 'dog', 'horse', 'cow', 'elephant', 'bear',
                'zebra', 'giraffe', 'snowboard', 'skateboard', 'surfboard',
                'tennis racket', 'mouse')
ytvis_classes = ('person', 'sedan', 'motorbike', 'airplane', 'train',
                 'truck', 'boat', 'cat', 'dog', 'horse', 'cow', 'elephant',
                 'bear', 'zebra', 'giraffe', 'snowboard', 'skateboard',
                 'surfboard', 'tennis_racket', 'mouse')
model = dict(detector=dict(mask_head=dict(num_classes=20)))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(type='RandomChoiceResize',
         scales=[(1333, 800), (1333, 768), (1333, 736), (1333, 704),
                 (1333, 672), (1333, 640)],
         keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
train_dataloader = dict(
    batch_size=2,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    batch_sampler=dict(type='AspectRatioBatchSampler'),
    dataset=dict(
        type='CocoDataset',
        data_root='data/coco/',
        metainfo=dict(classes=coco_classes),
        ann_file='annotations/instances_train2017.json',
        data_prefix=dict(img='train2017/'),
        filter_cfg=dict(filter_empty_gt=True, min_size=32),
        pipeline=train_pipeline))

test_pipeline = [
    dict(
        type='TransformBroadcaster',
        transforms=[
            dict(type='LoadImageFromFile'),
            dict(type='Resize', scale=(640, 360), keep_ratio=True),
            dict(type='LoadTrackAnnotations', with_mask=True),
        ]),
    dict(type='PackTrackInputs')
]
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    # one index is one whole video: under N processes each tracks whole
    # videos, and the metric gathers them (mmdet's YouTubeVISMetric)
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='YouTubeVISDataset',
        dataset_version='2019',
        metainfo=dict(classes=ytvis_classes),
        data_root='data/youtube_vis_2019/',
        ann_file='annotations/ytvis2019_coco20_heldout.json',
        data_prefix=dict(img_path='train/JPEGImages'),
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
# AP, AP50, AP75, AR@1, AR@10: the columns of the paper's Table 1
val_evaluator = dict(
    type='GuardedYouTubeVISMetric',
    metric='youtube_vis_ap',
    metric_items=['mAP', 'mAP_50', 'mAP_75', 'AR@1', 'AR@10'])
test_evaluator = val_evaluator

# stops the run if label i is not the class classes[i] in any of the files
# (mmdet numbers labels in each file's category order)
custom_hooks = [dict(type='LabelOrderCheckHook')]

# SOLO's 1x schedule (mmdet) for 8 GPUs x 2 images
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=12, val_interval=12)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
         end=500),
    dict(type='MultiStepLR', begin=0, end=12, by_epoch=True,
         milestones=[8, 11], gamma=0.1)
]
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0001))
auto_scale_lr = dict(enable=False, base_batch_size=16)
