"""An mmdet SOLO checkpoint through the pretrained SOLO-Track variant."""
import logging
import os.path as osp
from types import SimpleNamespace

import mmdet
import torch
from mmdet.registry import HOOKS, MODELS
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from conftest import REPO
from mmtrack_unsup.utils.checkpoint import checkpoint_coverage

VARIANT = osp.join(REPO, 'configs', 'solo_track',
                   'solo-track_r50_fpn_pretrained-solo_coco20-ytvis2019.py')
MMDET_SOLO = osp.join(osp.dirname(mmdet.__file__), '.mim', 'configs', 'solo',
                      'solo_r50_fpn_1x_coco.py')
# mmdet's COCO label (index among the 80 classes, sorted by COCO id) of
# some of the 20 classes, written out by hand
COCO_LABEL = {'person': 0, 'car': 2, 'motorcycle': 3, 'airplane': 4,
              'tennis racket': 38, 'mouse': 64}


def test_mmdet_solo_checkpoint_loads_into_the_variant(tmp_path):
    """It used to load nothing (keys backbone.* vs detector.*), and mmengine
    only warned: training started from ImageNet weights."""
    cfg = Config.fromfile(VARIANT)
    solo = MODELS.build(Config.fromfile(MMDET_SOLO).model)
    torch.manual_seed(0)
    for p in solo.parameters():  # random, but not the model's own init
        torch.nn.init.normal_(p)
    path = str(tmp_path / 'solo_r50_fpn_1x_coco.pth')
    torch.save(dict(meta=dict(), state_dict=solo.state_dict()), path)
    checkpoint = torch.load(path, weights_only=False)
    model = MODELS.build(cfg.model)
    runner = SimpleNamespace(model=model, cfg=dict(load_from=path),
                             logger=logging.getLogger('pretrained_test'))
    hooks = sorted((HOOKS.build(h) for h in cfg.custom_hooks
                    if h['type'] != 'LabelOrderCheckHook'),
                   key=lambda h: h.priority)
    assert [type(h).__name__ for h in hooks] == [
        'PretrainedDetectorHook', 'CheckpointCoverageHook']
    for hook in hooks:  # raises if anything but the embedding is missing
        hook.after_load_checkpoint(runner, checkpoint)
    report = checkpoint_coverage(model, checkpoint)
    assert report.missing and all('embed' in k for k in report.missing)
    assert not report.mismatched and not report.unexpected
    _load_checkpoint_to_model(model, checkpoint)
    own = model.state_dict()
    source = solo.state_dict()
    for key, value in source.items():
        if 'conv_cls' not in key:
            assert torch.equal(own['detector.' + key], value), key
    rows = own['detector.mask_head.conv_cls.weight']
    assert rows.shape[0] == 20
    for name, label in COCO_LABEL.items():
        i = cfg.coco_classes.index(name)
        assert torch.equal(rows[i], source['mask_head.conv_cls.weight']
                           [label]), name
        assert torch.equal(own['detector.mask_head.conv_cls.bias'][i],
                           source['mask_head.conv_cls.bias'][label])
    # a resumed checkpoint (the model's own format) is left as it is
    own_ckpt = dict(state_dict=model.state_dict())
    hooks[0].after_load_checkpoint(runner, own_ckpt)
    assert list(own_ckpt['state_dict']) == list(own)
