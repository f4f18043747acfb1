# OC-SORT (Cao et al., CVPR 2023) on public detections; tracker settings of
# mmdet's MOT17 config.
_base_ = './public-det_mot.py'
model = dict(
    type='OCSORT',
    tracker=dict(
        type='OCSORTTracker',
        motion=dict(type='KalmanFilter'),
        obj_score_thr=0.3,
        init_track_thr=0.7,
        weight_iou_with_det_scores=True,
        match_iou_thr=0.3,
        num_tentatives=3,
        vel_consist_weight=0.2,
        vel_delta_t=3,
        num_frames_retain=30))
