# SOLO-Track's embedding as an extra cue of the baseline's association
# (SpatialCategoryTracker with embedding_thr; settings and their search in
# ../_base_/solo_track/trackers.py). Test it with the checkpoint of
# solo-track_r18_fpn_1xb2-10k_synthetic.py, beside the baseline config,
# which differs only in the two embedding fields.
_base_ = [
    './solo-track_r18_fpn_1xb2-10k_synthetic.py',
    '../_base_/solo_track/trackers.py'
]
model = dict(tracker={{_base_.spatial_category_embedding_tracker}})
