# The cycle model (solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py; test with
# its checkpoint) tracked as
# solo-track_r18_fpn_spatial-category-embedding_synthetic.py: the
# baseline's overlap + category association with the image embedding as an
# extra cue, the same settings.
_base_ = './solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py'
model = dict(
    tracker=dict(
        _delete_=True,
        type='SpatialCategoryTracker',
        match_iou_thr=0.01,
        score_thr=0.3,
        init_track_thr=0.3,
        num_frames_retain=5,
        embedding_thr=0.7,
        embedding_weight=0.05))
