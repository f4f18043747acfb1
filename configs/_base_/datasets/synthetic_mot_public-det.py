# Held-out synthetic sequences written by `tools/make_synthetic.py
# data/synthetic_mot --mot --convert` in the MOT17 layout (split `test`,
# generated with a seed never used for training).
_base_ = './mot_challenge_public-det.py'

data_root = 'data/synthetic_mot/'
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='annotations/test_cocoformat.json',
        detection_file='annotations/test_detections.json',
        data_prefix=dict(img_path='test')))
test_dataloader = val_dataloader
