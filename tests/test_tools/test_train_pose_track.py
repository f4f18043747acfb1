"""The synthetic pose-tracking config end to end: tools/train.py on labeled
COCO-keypoints images, then tools/benchmark_trackers.py scores the
embedding tracker and the OKS-only baseline by PoseTrack MOTA on held-out
PoseTrack18-format videos."""
import glob
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO

CONFIGS = osp.join(REPO, 'configs', 'pose_track')
EMBED = osp.join(CONFIGS, 'cid-track_r18_1xb8-2k_synthetic-pose.py')
OKS = osp.join(CONFIGS, 'cid-track_r18_oks-baseline_synthetic-pose.py')


@pytest.mark.slow
def test_train_on_images_then_track_pose_videos(tmp_path):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    root = str(tmp_path / 'pose')
    main([root, '--preset', 'pose', '--pose-images', '6', '--pose-videos',
          '2', '--no-progress', '--set', 'num_frames=4'])
    ann = f'{root}/posetrack18/annotations/posetrack18_val.json'
    data = [f'train_dataloader.dataset.data_root={root}/coco/',
            f'val_dataloader.dataset.data_root={root}/posetrack18/',
            f'val_evaluator.ann_file={ann}',
            'val_dataloader.num_workers=0',
            'val_dataloader.persistent_workers=False']
    work_dir = str(tmp_path / 'work')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'train.py'), EMBED,
         '--work-dir', work_dir, '--cfg-options', *data,
         'train_dataloader.num_workers=0',
         'train_dataloader.persistent_workers=False',
         'train_dataloader.batch_size=2', 'train_cfg.max_iters=2',
         'train_cfg.val_interval=2', 'default_hooks.logger.interval=1'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work_dir, '*', '*.log')))[-1]).read()
    for key in ('loss/ic', 'loss/me', 'loss/heatmap_coupled',
                'posetrack/MOTA', 'posetrack/AP', 'posetrack/MOTA_head_top'):
        assert key in log, key
    assert 'posetrack/MOTA_left_ear' not in log  # never annotated
    ckpt = osp.join(work_dir, 'iter_2.pth')
    from benchmark_trackers import main as benchmark
    rows = benchmark([
        EMBED, OKS, '--checkpoint',
        f'{osp.basename(EMBED)[:-3]}={ckpt}',
        f'{osp.basename(OKS)[:-3]}={ckpt}', '--work-dir',
        str(tmp_path / 'bench'), '--cfg-options', *data[1:],
        'test_dataloader.dataset.data_root=' + f'{root}/posetrack18/',
        'test_evaluator.ann_file=' + ann,
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False'])
    assert [r['tracker'] for r in rows] == [osp.basename(EMBED)[:-3],
                                           osp.basename(OKS)[:-3]]
    for row in rows:
        assert 'MOTA' in row and 'IDSW' in row and row['frames'] == 8
        # fractions, as the MOT metrics (the table prints percentages)
        assert -10 < row['MOTA'] <= 1 and 0 <= row['AP'] <= 1
