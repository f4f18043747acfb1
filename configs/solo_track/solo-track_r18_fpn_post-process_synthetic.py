# SOLO-Track with the MaskTrack R-CNN post-processing of Sec. 4.2: the
# prototype match score log p is combined with the detection score, the box
# IoU with the track's last box and category consistency, weighted as
# mmdet's MaskTrackRCNNTracker (det_score 1, iou 2, category 10). Test it
# with the checkpoint of solo-track_r18_fpn_1xb2-10k_synthetic.py.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(
    tracker=dict(
        post_process=dict(
            _delete_=True, det_score=1.0, iou=2.0, category=10.0),
        # chosen on the 30 tuning videos (seed 2000) among min_cosine none /
        # 0.5 / 0.7, match_thr 0.1 / 0.2 / 0.3, score thresholds 0.2 / 0.3
        # and 1 / 5 / 10 retained frames; the baseline got the same search
        # over its IoU threshold; README
        min_cosine=0.7))
