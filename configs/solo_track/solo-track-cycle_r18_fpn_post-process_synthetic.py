# The cycle model (solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py; test with
# its checkpoint) tracked with the MaskTrack R-CNN post-processing, the
# settings of solo-track_r18_fpn_post-process_synthetic.py (Table 1's
# "+ post-processing" row on top of the video correspondence).
_base_ = './solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py'
model = dict(
    tracker=dict(
        post_process=dict(
            _delete_=True, det_score=1.0, iou=2.0, category=10.0),
        min_cosine=0.7))
