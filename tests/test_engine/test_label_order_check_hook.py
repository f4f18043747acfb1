"""LabelOrderCheckHook on configs/solo_track.py's own datasets, built from
files in the real COCO and YouTube-VIS 2019 formats."""
import os.path as osp
from types import SimpleNamespace

import pytest
from mmdet.registry import DATASETS, HOOKS
from mmengine.config import Config

from conftest import REPO, write_coco_overlap, write_ytvis2019


def _loop(cfg):
    dataset = DATASETS.build(cfg)
    dataset.full_init()
    return SimpleNamespace(dataloader=SimpleNamespace(dataset=dataset))


def test_passes_the_shipped_config_and_stops_a_reordered_one(tmp_path):
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'solo_track.py'))
    assert 'LabelOrderCheckHook' in [h['type'] for h in cfg.custom_hooks]
    coco_root, ytvis_root = str(tmp_path / 'coco'), str(tmp_path / 'ytvis')
    write_coco_overlap(coco_root)
    write_ytvis2019(ytvis_root)
    cfg.train_dataloader.dataset.data_root = coco_root + '/'
    cfg.test_dataloader.dataset.data_root = ytvis_root + '/'
    hook = HOOKS.build(dict(type='LabelOrderCheckHook'))
    runner = SimpleNamespace(train_loop=_loop(cfg.train_dataloader.dataset),
                             val_loop=None,
                             test_loop=_loop(cfg.test_dataloader.dataset))
    hook.before_train(runner)
    hook.before_test(runner)

    # the classes in YouTube-VIS order, as the config once had them
    classes = list(cfg.train_dataloader.dataset.metainfo['classes'])
    classes[1], classes[2] = classes[2], classes[1]  # motorcycle, car
    cfg.train_dataloader.dataset.metainfo = dict(classes=tuple(classes))
    runner.train_loop = _loop(cfg.train_dataloader.dataset)
    with pytest.raises(ValueError, match=r"instances_train2017.json: label 1 "
                       r"is 'car'.*classes\[1\] says 'motorcycle'"):
        hook.before_train(runner)
