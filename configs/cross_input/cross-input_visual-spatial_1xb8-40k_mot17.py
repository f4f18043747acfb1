# MOT17, paper protocol (Bastani et al., Sec. 5 and Table 1): train on
# unlabeled video with public detections, evaluate on the MOT17 training
# sequences with TrackEval. The paper trains on YouTube walking tours and
# PathTrack; here the unlabeled video is the MOT17 *test* split (its ground
# truth is not public, so nothing is leaked), and evaluation uses the
# *train* split. Convert with:
#   python tools/dataset_converters/mot2cocovid.py -i data/MOT17 \
#       -o data/MOT17/annotations
_base_ = [
    '../_base_/models/cross-input_rnn.py',
    '../_base_/datasets/mot17_public-det.py',
    '../_base_/datasets/unlabeled_clips.py',
    '../_base_/schedules/adam_plateau.py', '../_base_/default_runtime.py'
]
data_root = 'data/MOT17/'
model = dict(network=dict(box_scale=10.0, hidden_visual='zeros'))
train_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='annotations/test_detections.json',
        data_prefix=dict(img_path='test'),
        # MOT17 runs at 14-30 fps and pedestrians stay a few seconds
        clip_len=(4, 16),
        far_gap=100,
        # the scores the trackers read (mot17_public-det.py): DPM's
        # margins ranked, so det_score_thr keeps its boxes
        score_normalisation=_base_.score_normalisation,
        public_det_refinement=_base_.public_det_refinement))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='annotations/train_cocoformat.json',
        detection_file='annotations/train_detections.json',
        data_prefix=dict(img_path='train'),
        score_normalisation=_base_.score_normalisation,
        public_det_refinement=_base_.public_det_refinement,
        pipeline=_base_.crop_test_pipeline))
test_dataloader = val_dataloader
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_iters=40000, val_interval=10000)
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=2000, max_keep_ckpts=3))
log_processor = dict(by_epoch=False)
