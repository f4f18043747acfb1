# The control of solo-track-cycle_r18_fpn_detached-embedding_1xb2-2k_synthetic.py:
# the same detached IC + ME checkpoint trained the same 2k iterations at the
# same learning rate on the same labeled images, without clips (as
# solo-track_r18_fpn_images-finetune-2k_synthetic.py is for the joint model).
_base_ = './solo-track_r18_fpn_images-finetune-2k_synthetic.py'
model = dict(detector=dict(mask_head=dict(detach_embed_features=True)))
load_from = ('work_dirs/seeds_st_detached/solo-track_r18_fpn_detached-'
             'embedding_1xb2-10k_synthetic_seed0/iter_10000.pth')
