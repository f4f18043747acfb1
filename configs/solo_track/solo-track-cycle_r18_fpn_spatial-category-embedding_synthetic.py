# The cycle model (solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py; test with
# its checkpoint) tracked as
# solo-track_r18_fpn_spatial-category-embedding_synthetic.py: the
# baseline's overlap + category association with the image embedding as an
# extra cue, the same settings.
_base_ = [
    './solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py',
    '../_base_/solo_track/trackers.py'
]
model = dict(tracker={{_base_.spatial_category_embedding_tracker}})
