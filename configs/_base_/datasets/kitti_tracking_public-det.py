# KITTI tracking converted by tools/dataset_converters/kitti2cocovid.py with
# --det-dir (KITTI does not ship detections; use any detector's output in
# the KITTI label format). Cars, scored with TrackEval's KITTI rules.
_base_ = './mot_challenge_public-det.py'

data_root = 'data/kitti_tracking/'
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='annotations/training_cocoformat.json',
        detection_file='annotations/training_detections.json',
        data_prefix=dict(img_path='training/image_02'),
        metainfo=dict(classes=('Car', ))))
test_dataloader = val_dataloader

val_evaluator = dict(
    _delete_=True,
    type='KittiTrackingMetric',
    ann_file=data_root + 'annotations/training_cocoformat.json',
    classes_to_eval=['Car'])
test_evaluator = val_evaluator
