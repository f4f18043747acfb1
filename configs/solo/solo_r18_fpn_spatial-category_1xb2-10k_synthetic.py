# The paper's true SOLO baseline (Fu et al., Table 1, "SOLO"): SOLO trained
# *without* the tracking embedding, its instances associated by overlap
# within a category. The model keeps SOLOTrackHead only for the masks'
# tight boxes the tracker needs; with both embedding losses at weight 0 the
# embedding branch gets no gradient and SOLO's own branches train exactly as
# plain SOLO (tests/test_configs). Same data, schedule and tracker settings
# as the synthetic SOLO-Track configs.
_base_ = '../solo_track/solo-track_r18_fpn_spatial-category-baseline_synthetic.py'
model = dict(
    detector=dict(
        mask_head=dict(
            loss_ic=dict(loss_weight=0.0), loss_me=dict(loss_weight=0.0))))
