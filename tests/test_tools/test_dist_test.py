"""Tracking evaluation under 2 processes (torchrun, gloo on CPU) gives the
metric of 1 process, for the user's entry configs as they are launched
(``tools/dist_test.sh CONFIG 2``), on small files in the benchmarks' real
formats: every process tracks whole videos and the metric gathers them
all. The MOT17 and KITTI entry configs have the same test beside their
end-to-end runs (tests/test_configs)."""
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys

import pytest

from conftest import (REPO, free_port, make_solo_confident,
                      metrics_in_1_and_2_processes, run_test_tool,
                      save_initial_checkpoint)

sys.path.insert(0, osp.join(REPO, 'tools'))

POSE = osp.join(REPO, 'configs', 'pose_track',
                'cid-track_hrnet-w32_8xb20-140e_coco-posetrack18.py')
SOLO_TRACK = osp.join(REPO, 'configs', 'solo_track.py')


@pytest.mark.slow
def test_pose_tracking_config_under_two_processes(tmp_path):
    """The HRNet-W32 CID config, which stopped at its first validation
    under N processes: 3 videos, shared unevenly (6 and 3 frames)."""
    from make_synthetic import main
    root = str(tmp_path / 'pose')
    main([root, '--preset', 'pose', '--pose-images', '1', '--pose-videos',
          '3', '--no-progress', '--set', 'num_frames=3'])
    ckpt = save_initial_checkpoint(POSE, str(tmp_path / 'init.pth'),
                                   scope='mmpose')
    options = [f'test_dataloader.dataset.data_root={root}/posetrack18/',
               'test_evaluator.ann_file='
               f'{root}/posetrack18/annotations/posetrack18_val.json',
               'test_dataloader.num_workers=0',
               'test_dataloader.persistent_workers=False',
               # untrained: alike embeddings, which the guard would stop
               'model.tracker.collapse_frames=0']
    metrics, two = metrics_in_1_and_2_processes(POSE, tmp_path, options,
                                                ckpt)
    assert metrics and metrics == two
    # the untrained model predicts people: the tracker had work to do
    assert float(metrics['posetrack/false_positives']) > 0


def _vis_data(tmp_path):
    from make_synthetic import main
    root = str(tmp_path / 'vis')
    main([root, '--coco-images', '4', '--vis-videos', '3', '--no-progress',
          '--set', 'width=160', 'height=96', 'object_height=[20,50]',
          'num_frames=3'])
    return f'{root}/coco/', f'{root}/youtube_vis_2019/'


def _confident(model):
    make_solo_confident(model.detector.mask_head)


@pytest.mark.slow
def test_solo_track_config_trains_and_validates_under_two_processes(
        tmp_path):
    """configs/solo_track.py as the design card's first command launches
    it (tools/dist_train.sh configs/solo_track.py N): training steps, then
    the validation of its epoch, in 2 processes; and its test under 2
    processes gathers the predictions of 1."""
    coco, ytvis = _vis_data(tmp_path)
    data = [f'train_dataloader.dataset.data_root={coco}',
            f'val_dataloader.dataset.data_root={ytvis}',
            f'test_dataloader.dataset.data_root={ytvis}'] + [
        f'{loader}.{key}' for loader in ('train_dataloader',
                                         'val_dataloader', 'test_dataloader')
        for key in ('num_workers=0', 'persistent_workers=False')]
    work_dir = str(tmp_path / 'train')
    env = dict(os.environ, PORT=str(free_port()), OMP_NUM_THREADS='1')
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'dist_train.sh'), SOLO_TRACK, '2',
         '--work-dir', work_dir, '--cfg-options', *data,
         # only what a 2-core CPU needs: no ImageNet download, small
         # images, one epoch of one image per process and step
         'model.detector.backbone.init_cfg=None',
         'train_dataloader.dataset.pipeline.2.scales=[(320,192)]',
         'train_dataloader.batch_size=1', 'train_cfg.max_epochs=1',
         'train_cfg.val_interval=1', 'default_hooks.logger.interval=1'],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work_dir, '*', '*.log')))[-1]).read()
    assert 'Distributed training: True' in log
    # 4 images, 2 processes, 1 image each per step: 2 steps
    assert re.search(r'Epoch\(train\) +\[1\]\[2/2\]', log), log[-3000:]
    assert 'loss_ic' in log and 'youtube_vis/segm_mAP' in log
    assert osp.isfile(osp.join(work_dir, 'epoch_1.pth'))

    # an untrained head made to keep instances (every cell scores 0.5), so
    # each frame has predictions to track and gather; the test scale and
    # the number of masks kept are cut so that a 2-core CPU runs it
    ckpt = save_initial_checkpoint(SOLO_TRACK, str(tmp_path / 'init.pth'),
                                   adjust=_confident)
    small = ['test_dataloader.dataset.pipeline.0.transforms.1.scale='
             '(160,96)', 'model.detector.test_cfg.nms_pre=20',
             'model.detector.test_cfg.max_per_img=5']
    # the untrained masks score 0 AP in any case, so the test compares
    # what the metric gathered: every video's tracked predictions, written
    # as the YouTube-VIS server takes them (format_only)
    predictions = []
    for nproc in (1, 2):
        prefix = str(tmp_path / f'results_{nproc}')
        run_test_tool(SOLO_TRACK, str(tmp_path / f'test_{nproc}'),
                      data[2:] + small + [
                          'test_evaluator.format_only=True',
                          f'test_evaluator.outfile_prefix={prefix}'],
                      nproc, ckpt)
        with open(prefix + '.json') as f:
            predictions.append(sorted(json.dumps(p, sort_keys=True)
                                      for p in json.load(f)))
    one, two = predictions
    assert one == two
    # all 3 videos, each with its tracked instances
    assert len({json.loads(p)['video_id'] for p in one}) == 3
