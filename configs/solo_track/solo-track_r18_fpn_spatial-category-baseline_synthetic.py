# The paper's baseline (Fu et al., Table 1): the same SOLO instances,
# associated by spatial overlap within a category instead of the tracking
# embedding. Test it with the SOLO-Track checkpoint so that both see
# identical masks and only the association differs.
_base_ = [
    './solo-track_r18_fpn_1xb2-10k_synthetic.py',
    '../_base_/solo_track/trackers.py'
]
model = dict(tracker={{_base_.spatial_category_tracker}})
