# KITTI tracking, cars (Bastani et al., Table 3): train on the unlabeled
# `testing` sequences with any detector's boxes (KITTI ships none; the paper
# used YOLOv5), evaluate on `training` with TrackEval's KITTI rules. Write
# the detections of both splits with any mmdet COCO detector (your config
# and weights):
#   python tools/dataset_converters/detect_kitti.py -i data/kitti_tracking \
#       --subset testing -o data/kitti_dets/testing --classes car \
#       --det-config DET_CONFIG --det-checkpoint DET_WEIGHTS
# (and --subset training), then convert both splits with
# tools/dataset_converters/kitti2cocovid.py --det-dir data/kitti_dets/SPLIT
# --classes Car; training keeps only the detections named 'Car' in any case
# (det_classes), as the paper trains on cars.
_base_ = [
    '../_base_/models/cross-input_rnn.py',
    '../_base_/datasets/kitti_tracking_public-det.py',
    '../_base_/datasets/unlabeled_clips.py',
    '../_base_/schedules/adam_plateau.py', '../_base_/default_runtime.py'
]
data_root = 'data/kitti_tracking/'
model = dict(network=dict(box_scale=10.0, hidden_visual='zeros'))
train_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='annotations/testing_detections.json',
        data_prefix=dict(img_path='testing/image_02'),
        clip_len=(4, 16),  # 10 fps: cars stay in view for seconds
        far_gap=50,
        det_classes=('Car', )))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        pipeline=_base_.crop_test_pipeline))
test_dataloader = val_dataloader
train_cfg = dict(max_iters=40000, val_interval=10000)
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=2000, max_keep_ckpts=3))
log_processor = dict(by_epoch=False)
