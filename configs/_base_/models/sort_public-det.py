# SORT (Bewley et al., ICIP 2016): mmdet's DeepSORT model with SORTTracker and
# no ReID, on public detections; tracker settings of mmdet's MOT17 config.
_base_ = './public-det_mot.py'
model = dict(
    type='DeepSORT',
    tracker=dict(
        type='SORTTracker',
        motion=dict(type='KalmanFilter', center_only=False),
        obj_score_thr=0.5,
        match_iou_thr=0.5,
        reid=None))
