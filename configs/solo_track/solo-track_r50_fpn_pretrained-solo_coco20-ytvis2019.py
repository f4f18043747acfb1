# SOLO-Track starting from a user's mmdet SOLO R-50 checkpoint (e.g. the
# model zoo's solo_r50_fpn_1x_coco). Fine-tune with a shorter schedule.
# Known gap (issue 11): an mmdet SOLO checkpoint names its keys backbone.*,
# neck.*, mask_head.*, the model detector.*; until they are mapped, the
# checkpoint-coverage check stops training with the list of missing keys
# instead of silently training from ImageNet weights.
#   python tools/train.py configs/solo_track/solo-track_r50_fpn_pretrained-solo_coco20-ytvis2019.py \
#       --cfg-options load_from=checkpoints/solo_r50_fpn_1x_coco.pth
_base_ = '../solo_track.py'
load_from = 'checkpoints/solo_r50_fpn_1x_coco.pth'
train_cfg = dict(max_epochs=3, val_interval=3)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
         end=500),
    dict(type='MultiStepLR', begin=0, end=3, by_epoch=True, milestones=[2],
         gamma=0.1)
]
