# The paper's "Spatial-Only" tracker (Table 1): the same trained network, but
# at inference only boxes are used, so no frame is ever read; users with
# nothing but detection files can track with it.
_base_ = './cross-input_visual-spatial_1xb8-2k_synthetic.py'

model = dict(tracker=dict(mode='spatial_only'))
# frames are not loaded: the frame size comes from the annotation file
spatial_only_test_pipeline = [
    dict(
        type='TransformBroadcaster',
        transforms=[dict(type='LoadTrackAnnotations')]),
    dict(
        type='PackTrackInputs',
        meta_keys=('public_bboxes', 'public_scores', 'public_labels',
                   'width', 'height'))
]
val_dataloader = dict(dataset=dict(pipeline=spatial_only_test_pipeline))
test_dataloader = val_dataloader
