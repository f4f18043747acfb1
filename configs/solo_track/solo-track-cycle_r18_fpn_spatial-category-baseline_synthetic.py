# The cycle model (solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py; test with
# its checkpoint) associated as the paper's baseline, by overlap within a
# category without the embedding: what the cycle training did to the masks
# alone, beside solo-track_r18_fpn_spatial-category-baseline_synthetic.py.
_base_ = [
    './solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py',
    '../_base_/solo_track/trackers.py'
]
model = dict(tracker={{_base_.spatial_category_tracker}})
