# SOLO-Track with the renormalised reading of Eq. 6 (issue 11, defect 6):
# the entropy of S(i, j != i) / (1 - S(i, i)), "uniform output probability"
# over the other instances, instead of Eq. 6 as written, which rewards
# S(i, i) -> 0 once an image has 4 or more instances. Everything else is
# the IC + ME config's, so the two differ in this one term; both are trained
# over the same seeds and compared on the tuning videos (seed 2000) before
# the held-out and fresh sets (docs/solo_track/experiments.md).
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(detector=dict(mask_head=dict(loss_me=dict(renormalise=True))))
