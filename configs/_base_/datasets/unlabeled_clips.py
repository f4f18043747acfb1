# Training clips I0..In of unlabeled video with detections (no ground truth
# is read): a detections json written by our converters.
train_pipeline = [
    # visual-spatial hiding only looks at the pixels of I0 and In
    dict(type='LoadClipCrops', crop_size=64, frames='ends'),
    dict(type='PackClipInputs')
]
train_dataloader = dict(
    batch_size=8,  # clips per step; the paper used 1 (see README)
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='UnlabeledClipDataset',
        clip_len=(4, 16),
        det_score_thr=0.3,
        far_gap=50,
        artificial=True,
        pipeline=train_pipeline))

# test frames carry their detections and the crops of them
crop_public_det_keys = ('public_bboxes', 'public_scores', 'public_labels',
                   'public_crops')
crop_test_pipeline = [
    dict(
        type='TransformBroadcaster',
        transforms=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadTrackAnnotations'),
            dict(type='CropPublicDetections', crop_size=64)
        ]),
    dict(type='PackTrackInputs', meta_keys=crop_public_det_keys)
]
