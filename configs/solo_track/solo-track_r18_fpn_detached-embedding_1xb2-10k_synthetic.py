# SOLO-Track with the embedding branch fed detached FPN features: the IC and
# ME losses train the embedding branch only, SOLO's masks are learnt by
# SOLO's losses alone (a deviation from the paper's joint training, see
# SOLOTrackHead's ``detach_embed_features`` and docs/solo_track/experiments.md,
# Table 1). Trained as the IC + ME config; score it with that config's
# trackers (make solo-track-detached).
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(detector=dict(mask_head=dict(detach_embed_features=True)))
