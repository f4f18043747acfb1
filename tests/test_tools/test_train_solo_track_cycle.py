"""tools/train.py on the cycle-consistency config (labeled images + clips of
videos whose json has no annotation), then the cycle model tracked with and
without test-time adaptation by tools/benchmark_trackers.py."""
import glob
import json
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO

CONFIGS = osp.join(REPO, 'configs', 'solo_track')
CYCLE = 'solo-track-cycle_r18_fpn_1xb2-2k_synthetic'
TTA = 'solo-track-cycle-tta_r18_fpn_spatial-category-embedding_synthetic'


@pytest.mark.slow
def test_train_with_unlabeled_clips_then_track_with_tta(tmp_path):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    root = str(tmp_path / 'vis')
    main([root, '--preset', 'vis', '--coco-images', '6', '--vis-videos',
          '4', '--vis-heldout', '1', '--no-progress', '--set',
          'num_frames=3'])
    with open(osp.join(root, 'youtube_vis_2019', 'annotations',
                       'ytvis2019_unlabeled_train.json')) as f:
        unlabeled = json.load(f)
    assert unlabeled['annotations'] == [] and len(unlabeled['videos']) == 3
    work_dir = str(tmp_path / 'work')
    loaders = [f'{k}.{o}' for k in ('train_dataloader', 'val_dataloader')
               for o in ('num_workers=0', 'persistent_workers=False')]
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'train.py'),
         osp.join(CONFIGS, CYCLE + '.py'), '--work-dir', work_dir,
         '--cfg-options', 'load_from=None',
         f'train_dataloader.dataset.datasets.0.data_root={root}/coco/',
         'train_dataloader.dataset.datasets.1.data_root='
         f'{root}/youtube_vis_2019/',
         f'val_dataloader.dataset.data_root={root}/youtube_vis_2019/',
         *loaders, 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
         'default_hooks.logger.interval=1'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work_dir, '*', '*.log')))[-1]).read()
    for key in ('loss_ic', 'loss_me', 'loss_mask', 'loss_cycle',
                'Iter(train) [2/2]', 'youtube_vis/segm_mAP'):
        assert key in log
    ckpt = osp.join(work_dir, 'iter_2.pth')
    out = str(tmp_path / 'rows.json')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'benchmark_trackers.py'),
         osp.join(CONFIGS, CYCLE + '.py'), osp.join(CONFIGS, TTA + '.py'),
         '--checkpoint', f'{CYCLE}={ckpt}', f'{TTA}={ckpt}',
         '--data-root', f'{root}/youtube_vis_2019/', '--work-dir',
         str(tmp_path / 'bench'), '--out', out,
         '--cfg-options', 'test_dataloader.num_workers=0',
         'test_dataloader.persistent_workers=False'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    rows = {r['tracker']: r for r in json.load(open(out))}
    assert set(rows) == {CYCLE, TTA}
    assert all(0 <= rows[t]['AP'] <= 1 for t in rows)
    # the cost tool on the same files: one timed step, one adapted video
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'analysis_tools',
                                  'benchmark_cycle_cost.py'),
         '--train', osp.join(CONFIGS, CYCLE + '.py'), '--steps', '1',
         '--tta', osp.join(CONFIGS, TTA + '.py'), '--checkpoint', ckpt,
         '--videos', '1', '--cfg-options',
         f'train_dataloader.dataset.datasets.0.data_root={root}/coco/',
         'train_dataloader.dataset.datasets.1.data_root='
         f'{root}/youtube_vis_2019/',
         f'test_dataloader.dataset.data_root={root}/youtube_vis_2019/'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    lines = proc.stdout.splitlines()
    train_row = next(line for line in lines if CYCLE + '.py |' in line)
    assert train_row.split('|')[2].strip() == '1'  # steps
    assert float(train_row.split('|')[4]) > 0  # clips/s: clips were seen
    tta_row = next(line for line in lines if TTA + '.py |' in line)
    assert tta_row.split('|')[2].strip() == '1'
    assert float(tta_row.split('|')[4]) > 0  # adaptation took time
