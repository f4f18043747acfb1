"""Self-supervised training on a folder of the user's own unlabeled videos
(tools/train.py with the own-videos config), then tracking one of them with
the result; no ground truth exists anywhere on the way."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO

CONFIGS = [
    osp.join(REPO, 'configs', 'cross_input',
             'cross-input_visual-spatial_1xb8-2k_own-videos.py'),
    osp.join(REPO, 'configs', 'crop_embedding',
             'crop-embedding_fused-bytetrack_1xb8-2k_own-videos.py')
]


@pytest.mark.slow
@pytest.mark.parametrize('config', CONFIGS,
                         ids=['cross-input', 'crop-embedding'])
def test_train_on_a_video_folder_then_track(own_videos, tmp_path, config):
    video_dir, det_dir = own_videos
    assert not any('gt' in f for f in os.listdir(det_dir))
    prepared, work = str(tmp_path / 'prepared'), str(tmp_path / 'work')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'train.py'), config,
         '--work-dir', work, '--cfg-options',
         f'train_dataloader.dataset.video_dir={video_dir}',
         f'train_dataloader.dataset.prepared_root={prepared}',
         'train_dataloader.dataset.detector.kind=mot',
         f'train_dataloader.dataset.detector.path={det_dir}',
         'train_dataloader.dataset.far_gap=5',
         'train_dataloader.dataset.progress=False',
         'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
         'train_dataloader.persistent_workers=False',
         'train_cfg.max_iters=4', 'default_hooks.checkpoint.interval=4',
         'default_hooks.logger.interval=1'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work, '*', '*.log')))[-1]).read()
    assert 'Iter(train) [4/4]' in log and 'loss:' in log
    assert not glob.glob(osp.join(prepared, 'train', '*', 'gt'))
    ckpt = osp.join(work, 'iter_4.pth')
    video = sorted(glob.glob(osp.join(video_dir, '*.avi')))[0]
    name = osp.splitext(osp.basename(video))[0]
    out = str(tmp_path / 'tracked.mp4')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'track_video.py'), video,
         '--config', config, '--checkpoint', ckpt, '--out', out,
         '--det-file', osp.join(det_dir, f'{name}.txt'), '--no-progress'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert proc.stdout.startswith('40 frames')
    tracks = open(out.replace('.mp4', '.txt')).read().splitlines()
    assert len(tracks) > 40

    # tools/test.py tracks every prepared video and writes MOT txt files
    outfile = str(tmp_path / 'tracks')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'test.py'), config,
         '--checkpoint', ckpt, '--work-dir', work, '--cfg-options',
         f'test_dataloader.dataset.data_root={prepared}/',
         'test_dataloader.num_workers=0',
         'test_dataloader.persistent_workers=False',
         f'test_evaluator.outfile_prefix={outfile}'],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    written = sorted(glob.glob(osp.join(outfile, '*', '*.txt')))
    # one per video (beside the metric's own seqmap, videoseq.txt)
    assert {f.replace('.avi', '.txt') for f in os.listdir(video_dir)} <= {
        osp.basename(p) for p in written}
    # the same tracker on the same detections: test.py agrees with
    # track_video.py on the first video
    same = [p for p in written if osp.basename(p) == f'{name}.txt'][0]
    assert len(open(same).read().splitlines()) == len(tracks)
