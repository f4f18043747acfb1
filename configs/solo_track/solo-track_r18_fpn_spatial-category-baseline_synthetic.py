# The paper's baseline (Fu et al., Table 1): the same SOLO instances,
# associated by spatial overlap within a category instead of the tracking
# embedding. Test it with the SOLO-Track checkpoint so that both see
# identical masks and only the association differs.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(
    tracker=dict(
        _delete_=True,
        type='SpatialCategoryTracker',
        # chosen on the 30 tuning videos (seed 2000), as SOLO-Track's
        # thresholds: IoU 0.01 / 0.05 / 0.1 / 0.2 / 0.3 / 0.5, scores 0.2 /
        # 0.3, 1 / 5 / 10 / 20 retained frames; any overlap within the
        # category continues a track
        match_iou_thr=0.01,
        score_thr=0.3,
        init_track_thr=0.3,
        num_frames_retain=5))
