# ByteTrack (Zhang et al., ECCV 2022) on public detections; tracker settings
# of mmdet's MOT17 config.
_base_ = './public-det_mot.py'
model = dict(
    type='ByteTrack',
    tracker=dict(
        type='ByteTracker',
        motion=dict(type='KalmanFilter'),
        obj_score_thrs=dict(high=0.6, low=0.1),
        init_track_thr=0.7,
        weight_iou_with_det_scores=True,
        match_iou_thrs=dict(high=0.1, low=0.5, tentative=0.3),
        num_frames_retain=30))
