# SOLO-Track without the max-entropy term (Fu et al., Table 1, "IC"): the
# instance-contrastive loss alone, tracked by prototypes as the IC + ME
# config. Train it as that config (make solo-track-demo's command with this
# config) to reproduce Table 1 row by row.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'
model = dict(detector=dict(mask_head=dict(loss_me=dict(loss_weight=0.0))))
