# SOLO-Track starting from a user's mmdet SOLO R-50 checkpoint (e.g. the
# model zoo's solo_r50_fpn_1x_coco). Fine-tune with a shorter schedule.
#   python tools/train.py configs/solo_track/solo-track_r50_fpn_pretrained-solo_coco20-ytvis2019.py \
#       --cfg-options load_from=checkpoints/solo_r50_fpn_1x_coco.pth
# The mmdet checkpoint names its keys backbone.*, neck.*, mask_head.* and
# has 80 COCO classes; PretrainedDetectorHook moves it under detector.* and
# keeps the category rows of the 20 classes, by name. Only the embedding
# branch starts fresh; any other key the checkpoint does not load stops the
# run (CheckpointCoverageHook).
_base_ = '../solo_track.py'
load_from = 'checkpoints/solo_r50_fpn_1x_coco.pth'
custom_hooks = [
    dict(type='LabelOrderCheckHook'),
    dict(type='PretrainedDetectorHook', classes=_base_.coco_classes),
    dict(type='CheckpointCoverageHook',
         fresh_prefixes=['detector.mask_head.embed_convs.',
                         'detector.mask_head.conv_embed.'])
]
train_cfg = dict(max_epochs=3, val_interval=3)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
         end=500),
    dict(type='MultiStepLR', begin=0, end=3, by_epoch=True, milestones=[2],
         gamma=0.1)
]
