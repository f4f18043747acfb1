"""Distributed training on CPU (gloo) through tools/dist_train.sh, and
--resume, on the tiny SOLO config."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO, free_port

CONFIG = osp.join(REPO, 'configs', 'solo',
                  'solo_r18_fpn_1xb4-2k_synthetic-coco.py')


def _options(data_root, max_iters):
    return [
        '--cfg-options', f'train_dataloader.dataset.data_root={data_root}/',
        f'train_cfg.max_iters={max_iters}', 'train_dataloader.batch_size=2',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1'
    ]


def _log(work_dir):
    logs = sorted(glob.glob(osp.join(work_dir, '*', '*.log')))
    return open(logs[-1]).read()


@pytest.mark.slow
def test_dist_train_two_cpu_processes(synthetic_coco_root, tmp_path):
    work_dir = str(tmp_path / 'work')
    env = dict(os.environ, PORT=str(free_port()), OMP_NUM_THREADS='1')
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'dist_train.sh'), CONFIG, '2',
         '--work-dir', work_dir] + _options(synthetic_coco_root, 2),
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = _log(work_dir)
    assert 'Distributed training: True' in log
    assert "backend': 'gloo'" in log or 'gloo' in log
    assert 'Iter(train) [2/2]' in log
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))


@pytest.mark.slow
def test_resume_continues_from_last_checkpoint(synthetic_coco_root,
                                               tmp_path):
    work_dir = str(tmp_path / 'work')
    train = [sys.executable, osp.join(REPO, 'tools', 'train.py'), CONFIG,
             '--work-dir', work_dir]
    first = subprocess.run(train + _options(synthetic_coco_root, 2), cwd=REPO,
                           capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-4000:]
    second = subprocess.run(
        train + ['--resume'] + _options(synthetic_coco_root, 4), cwd=REPO,
        capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr[-4000:]
    log = _log(work_dir)
    assert 'resumed' in log.lower() and 'iter_2.pth' in log
    assert 'Iter(train) [3/4]' in log and 'Iter(train) [1/4]' not in log
    assert osp.isfile(osp.join(work_dir, 'iter_4.pth'))
