"""tools/train.py on the SOLO-Track synthetic config: labeled images in,
held-out videos (of one frame each: the shortest possible) scored by the
YouTube-VIS metric."""
import glob
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO

CONFIG = osp.join(REPO, 'configs', 'solo_track',
                  'solo-track_r18_fpn_1xb2-10k_synthetic.py')


@pytest.mark.slow
def test_train_on_images_then_track_videos(tmp_path):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    root = str(tmp_path / 'vis')
    main([root, '--coco-images', '6', '--vis-videos', '2', '--no-progress',
          '--set', 'width=160', 'height=96', 'object_height=[20,50]',
          'num_frames=1'])
    work_dir = str(tmp_path / 'work')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'train.py'), CONFIG,
         '--work-dir', work_dir, '--cfg-options',
         f'train_dataloader.dataset.data_root={root}/coco/',
         f'val_dataloader.dataset.data_root={root}/youtube_vis_2019/',
         'train_dataloader.num_workers=0',
         'train_dataloader.persistent_workers=False',
         'val_dataloader.num_workers=0',
         'val_dataloader.persistent_workers=False', 'train_cfg.max_iters=2',
         'train_cfg.val_interval=2', 'default_hooks.logger.interval=1'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work_dir, '*', '*.log')))[-1]).read()
    for key in ('loss_ic', 'loss_me', 'loss_mask', 'Iter(train) [2/2]',
                'youtube_vis/segm_mAP'):
        assert key in log
    # the association-accuracy tool on the trained checkpoint: one-frame
    # videos have no consecutive pairs, so the table counts none
    ckpt = sorted(glob.glob(osp.join(work_dir, 'iter_*.pth')))[-1]
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'analysis_tools',
                                  'vis_association_accuracy.py'), CONFIG,
         ckpt, '--data-root', f'{root}/youtube_vis_2019/', '--work-dir',
         str(tmp_path / 'acc'), '--no-progress'],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert '| embedding | 0 | 0 | nan |' in proc.stdout
    assert '| embedding | cosine >= 0.7 | nan | nan | 0 / 0 |' in proc.stdout
    assert '| iou | IoU >= 0.01 | nan | nan | 0 / 0 |' in proc.stdout
