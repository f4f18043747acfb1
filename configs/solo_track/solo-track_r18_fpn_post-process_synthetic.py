# SOLO-Track with the MaskTrack R-CNN post-processing of Sec. 4.2: the
# prototype match score log p is combined with the detection score, the box
# IoU with the track's last box and category consistency, weighted as
# mmdet's MaskTrackRCNNTracker (det_score 1, iou 2, category 10). Test it
# with the checkpoint of solo-track_r18_fpn_1xb2-10k_synthetic.py.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(
    tracker=dict(
        post_process=dict(det_score=1.0, iou=2.0, category=10.0),
        # chosen on the 30 tuning videos (seed 2000): score thresholds among
        # 0.2 / 0.3 as for the baseline (which keeps 0.3), min_cosine among
        # none / 0.5 / 0.7 / 0.8 / 0.9; README
        score_thr=0.2,
        init_track_thr=0.2,
        min_cosine=0.5))
