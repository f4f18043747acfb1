# The trackers of the synthetic SOLO-Track configs, shared by the IC + ME and
# the cycle models (assign one to model.tracker; _delete_ replaces the
# PrototypeTracker of configs/solo_track.py).
# The paper's baseline (Fu et al., Table 1): SOLO instances associated by
# spatial overlap within a category. Chosen on the 30 tuning videos (seed
# 2000), as SOLO-Track's thresholds: IoU 0.01 / 0.05 / 0.1 / 0.2 / 0.3 /
# 0.5, scores 0.2 / 0.3, 1 / 5 / 10 / 20 retained frames; any overlap within
# the category continues a track.
spatial_category_tracker = dict(
    _delete_=True,
    type='SpatialCategoryTracker',
    match_iou_thr=0.01,
    score_thr=0.3,
    init_track_thr=0.3,
    num_frames_retain=5)
# SOLO-Track's embedding as an extra cue of that association: a pair within
# the category continues a track when the boxes overlap or the embedding's
# cosine similarity to the track's prototype reaches embedding_thr; the
# assignment maximises IoU + embedding_weight * cosine. Chosen on the tuning
# videos among embedding_thr 0.5 / 0.7 / 0.8 and embedding_weight 0.05 / 0.1
# / 0.3 / 1.0, the baseline's other settings kept.
spatial_category_embedding_tracker = dict(
    spatial_category_tracker, embedding_thr=0.7, embedding_weight=0.05)
