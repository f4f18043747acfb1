# The cycle model (solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py) on top of
# the detached IC + ME model
# (solo-track_r18_fpn_detached-embedding_1xb2-10k_synthetic.py, its
# checkpoint: load_from): the same 2k iterations of labeled images and
# unlabeled 2-frame clips, with the image embedding still fed detached FPN
# features, so IC + ME train only the image embedding branch while SOLO's
# losses and the cycle loss (Eq. 7-8, on the video branch) train the shared
# backbone and FPN, as in Sec. 3.4. Its control is
# solo-track_r18_fpn_detached-embedding_images-finetune-2k_synthetic.py
# (make solo-track-detached-cycle).
_base_ = './solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py'
model = dict(detector=dict(mask_head=dict(detach_embed_features=True)))
load_from = ('work_dirs/seeds_st_detached/solo-track_r18_fpn_detached-'
             'embedding_1xb2-10k_synthetic_seed0/iter_10000.pth')
