# Cross-input consistency on YOUR unlabeled videos (Bastani et al.: the
# method needs only video and detections). Put the videos (any format OpenCV
# reads, or folders of frames) in `video_dir`; the first run extracts the
# frames and detects people with OpenCV's HOG detector (no weights needed)
# into `prepared_root`, later runs reuse them. No ground truth anywhere.
#   python tools/train.py configs/cross_input/cross-input_visual-spatial_1xb8-2k_own-videos.py \
#       --cfg-options train_dataloader.dataset.video_dir=data/my_videos
# then track any video with the result:
#   python tools/track_video.py my.mp4 --config THIS_CONFIG \
#       --checkpoint work_dirs/.../iter_2000.pth --out my_tracked.mp4
# Better detections: train_dataloader.dataset.detector=dict(kind='mmdet',
# config=..., checkpoint=..., classes=['person']), or kind='mot' with a
# folder of VIDEO_NAME.txt files in the MOTChallenge format.
_base_ = './cross-input_visual-spatial_1xb8-2k_synthetic.py'
video_dir = 'data/my_videos/'
prepared_root = 'data/my_videos_mot/'

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='UnlabeledVideoFolderDataset',
        video_dir=video_dir,
        prepared_root=prepared_root,
        detector=dict(kind='hog'),
        clip_len=(4, 16),
        # HOG scores are logistic SVM margins, all >= 0.5
        det_score_thr=0.3,
        far_gap=50,
        artificial=True,
        pipeline=_base_.train_pipeline))
# there is nothing labelled to validate on
val_dataloader = None
val_evaluator = None
val_cfg = None
train_cfg = dict(max_iters=2000, val_interval=2000)
# tools/test.py tracks the prepared videos on their detections and writes
# one MOTChallenge txt per video (no ground truth, so no scores)
test_dataloader = dict(
    dataset=dict(
        data_root=prepared_root,
        ann_file='annotations/train_cocoformat.json',
        detection_file='annotations/train_detections.json',
        data_prefix=dict(img_path='train')))
test_evaluator = dict(
    type='MOTChallengeMetric', format_only=True,
    outfile_prefix='work_dirs/own_videos_tracks')
