"""tools/train.py on the cross-input consistency config: a few iterations
on synthetic detections, then the tracker scored on held-out sequences."""
import glob
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO, make_synthetic_mot

CONFIG = osp.join(REPO, 'configs', 'cross_input',
                  'cross-input_visual-spatial_1xb8-2k_synthetic.py')


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    """2 unlabeled training sequences and 1 held-out one, 30 frames each."""
    return make_synthetic_mot(str(tmp_path_factory.mktemp('ci_corpus')), 2,
                              1, 30)


def _train(corpus, work_dir, max_iters, *extra):
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'train.py'), CONFIG,
         '--work-dir', work_dir, *extra, '--cfg-options',
         f'train_dataloader.dataset.data_root={corpus}/',
         f'val_dataloader.dataset.data_root={corpus}/',
         'train_dataloader.dataset.far_gap=5',
         'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
         'train_dataloader.persistent_workers=False',
         'val_dataloader.num_workers=0',
         'val_dataloader.persistent_workers=False',
         f'train_cfg.max_iters={max_iters}', 'train_cfg.val_interval=4',
         'default_hooks.checkpoint.interval=2',
         'default_hooks.logger.interval=1'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return open(sorted(glob.glob(osp.join(work_dir, '*',
                                          '*.log')))[-1]).read()


@pytest.mark.slow
def test_train_then_track_held_out(corpus, tmp_path):
    work_dir = str(tmp_path / 'work')
    log = _train(corpus, work_dir, 4)
    assert 'loss_consistency' in log and 'Iter(train) [4/4]' in log
    assert 'motchallenge-metric/HOTA' in log  # held-out tracking scored
    assert osp.isfile(osp.join(work_dir, 'iter_4.pth'))


@pytest.mark.slow
def test_training_survives_a_kill(corpus, tmp_path):
    """A run stopped after iteration 2 continues at 3 with --resume."""
    work_dir = str(tmp_path / 'work')
    _train(corpus, work_dir, 2)
    log = _train(corpus, work_dir, 4, '--resume')
    assert 'resumed' in log.lower() and 'iter_2.pth' in log
    assert 'Iter(train) [3/4]' in log and 'Iter(train) [1/4]' not in log
