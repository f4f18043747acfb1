# The crop embedding of crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py
# (same model, same training, same checkpoints) read by mmdet's OC-SORT
# instead of ByteTrack (FusedOCSORTTracker; not in either paper, issue 33):
# OC-SORT associates better than ByteTrack on the synthetic corpus.
# OC-SORT's settings are those of configs/ocsort/; the cue's settings were
# chosen on the tuning split (`make crop-embedding-sweep`, seeds 0 and 1,
# both trackers) and frozen before any other set was scored.
_base_ = './crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py'

model = dict(
    tracker=dict(
        _delete_=True,
        type='FusedOCSORTTracker',
        cue='embedding',
        cue_weight=0.25,
        embed_similarity='cosine',
        embed_temperature=0.05,
        embed_momentum=0.5,
        reid_cosine_thr=0.98,
        motion=dict(type='KalmanFilter'),
        obj_score_thr=0.3,
        init_track_thr=0.7,
        weight_iou_with_det_scores=True,
        match_iou_thr=0.3,
        num_tentatives=3,
        vel_consist_weight=0.2,
        vel_delta_t=3,
        num_frames_retain=30))
