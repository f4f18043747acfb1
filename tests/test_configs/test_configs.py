"""Every shipped config parses, loads the plugin and builds its model."""
import glob
import os.path as osp

import pytest
from mmdet.registry import MODELS
from mmengine.config import Config

from conftest import REPO

CONFIGS = sorted(
    p for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'),
                         recursive=True) if '_base_' not in p)


@pytest.mark.parametrize('path', CONFIGS,
                         ids=[osp.basename(p) for p in CONFIGS])
def test_config_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.get('default_scope', 'mmdet') == 'mmdet'
    assert 'mmtrack_unsup' in cfg.custom_imports.imports
    model = MODELS.build(cfg.model)
    assert model is not None


def test_kitti_baseline_end_to_end(kitti_root, tmp_path):
    import sys
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from benchmark_trackers import main as benchmark

    from mmtrack_unsup.datasets.converters import convert_kitti
    convert_kitti(kitti_root, osp.join(kitti_root, 'annotations'),
                  det_dir=osp.join(kitti_root, 'dets'), classes=['Car'],
                  progress=False)
    rows = benchmark([
        osp.join(REPO, 'configs', 'sort', 'sort_public-det_kitti-car.py'),
        '--data-root', kitti_root + '/', '--work-dir', str(tmp_path),
        '--cfg-options', 'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        'model.tracker.num_tentatives=1'
    ])
    # one car, detected in all 3 frames and kept as one track
    assert rows[0]['frames'] == 3
    assert rows[0]['IDSW'] == 0 and rows[0]['HOTA'] > 0.5
