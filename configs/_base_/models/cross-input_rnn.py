# Cross-input consistency (Bastani et al., NeurIPS 2021): CNN + LSTM +
# matching network trained with visual-spatial hiding; at inference the
# RNNTracker combines the visual-only and spatial-only outputs, M = min(A, B).
model = dict(
    type='CrossInputConsistency',
    data_preprocessor=dict(type='BaseDataPreprocessor'),
    network=dict(
        type='RNNMatchingNetwork',
        crop_size=64,
        cnn_channels=(32, 64, 64, 64, 64, 64),
        hidden_dim=64,
        matcher_channels=(128, 128, 64)),
    hiding=dict(type='VisualSpatialHiding'),
    loss=dict(type='CrossInputConsistencyLoss', loss_weight=1.0),
    use_spatial_mask=True,
    mask_lookback=10,
    detector=dict(type='PublicDetector'),
    tracker=dict(
        type='RNNTracker',
        mode='visual_spatial',
        det_score_thr=0.3,
        init_track_thr=0.6,
        match_prob_thr=0.0,
        num_visual_samples=5,
        num_frames_retain=30,
        seed=0))
