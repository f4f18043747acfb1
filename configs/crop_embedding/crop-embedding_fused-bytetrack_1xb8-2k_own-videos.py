# The crop-embedding fused tracker trained on YOUR unlabeled videos: the
# dataset of configs/cross_input/cross-input_visual-spatial_1xb8-2k_own-videos.py
# (frames extracted, people detected with OpenCV's HOG detector or your own,
# no ground truth anywhere) with the crop embedding's losses.
#   python tools/train.py configs/crop_embedding/crop-embedding_fused-bytetrack_1xb8-2k_own-videos.py \
#       --cfg-options train_dataloader.dataset.video_dir=data/my_videos
_base_ = './crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py'
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
        det_score_thr=0.3,
        # the embedding's losses need no artificial detections
        artificial=False,
        pipeline=_base_.train_pipeline))
val_dataloader = None
val_evaluator = None
val_cfg = None
test_dataloader = dict(
    dataset=dict(
        data_root=prepared_root,
        ann_file='annotations/train_cocoformat.json',
        detection_file='annotations/train_detections.json',
        data_prefix=dict(img_path='train')))
test_evaluator = dict(
    type='MOTChallengeMetric', format_only=True,
    outfile_prefix='work_dirs/own_videos_tracks')
