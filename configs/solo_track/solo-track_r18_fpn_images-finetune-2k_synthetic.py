# The control of solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py: the same
# IC + ME checkpoint trained the same 2k iterations at the same learning
# rate on the same labeled images, without clips. A gain of the cycle row
# over this one is the video's, not the extra training's.
_base_ = './solo-track_r18_fpn_1xb2-10k_synthetic.py'

load_from = 'work_dirs/solo-track_r18_fpn_1xb2-10k_synthetic/iter_10000.pth'
train_cfg = dict(max_iters=2000, val_interval=2000)
optim_wrapper = dict(optimizer=dict(lr=0.001))
param_scheduler = None
