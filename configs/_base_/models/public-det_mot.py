# A MOT model fed by the frame's public detections: the tracker configs
# below set `type` and `tracker`. Frames are loaded only for visualisation,
# so no normalisation is needed.
model = dict(
    data_preprocessor=dict(
        type='TrackDataPreprocessor',
        mean=[0.0, 0.0, 0.0],
        std=[1.0, 1.0, 1.0],
        bgr_to_rgb=True,
        pad_size_divisor=1),
    detector=dict(type='PublicDetector'))
