# MOTChallenge (MOT16/17/20) converted by
# tools/dataset_converters/mot2cocovid.py, tracked on its public detections.
dataset_type = 'PublicDetVideoDataset'
data_root = 'data/MOT17/'
backend_args = None
public_det_keys = ('public_bboxes', 'public_scores', 'public_labels')

test_pipeline = [
    dict(
        type='TransformBroadcaster',
        transforms=[
            dict(type='LoadImageFromFile', backend_args=backend_args),
            dict(type='LoadTrackAnnotations')
        ]),
    dict(type='PackTrackInputs', meta_keys=public_det_keys)
]

val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='TrackImgSampler'),  # frame by frame, videos in order
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/half-val_cocoformat.json',
        detection_file='annotations/half-val_detections.json',
        data_prefix=dict(img_path='train'),
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader

val_evaluator = dict(
    type='MOTChallengeMetric', metric=['HOTA', 'CLEAR', 'Identity'])
test_evaluator = val_evaluator

val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
