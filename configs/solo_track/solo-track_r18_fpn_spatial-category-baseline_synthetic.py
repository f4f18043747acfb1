# The paper's baseline (Fu et al., Table 1): the same SOLO instances,
# associated by spatial overlap within a category instead of the tracking
# embedding. Test it with the SOLO-Track checkpoint so that both see
# identical masks and only the association differs.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(
    tracker=dict(
        _delete_=True,
        type='SpatialCategoryTracker',
        match_iou_thr=0.3,
        score_thr=0.3,
        init_track_thr=0.3,
        num_frames_retain=5))  # chosen on the tuning videos, as SOLO-Track
