"""The MOT17 entry configs on real footage in the MOTChallenge layout
(issue 36, item 4): TUD-Campus and TUD-Stadtmitte (MOT15, read from
../shared/data/tud) laid out as a MOT17 root (``train/`` with ground truth,
``test/`` without, frames extracted to ``img1/``, the footage's own
``det/det.txt``), converted by the real converter; then the cross-input
MOT17 config trains on the unlabeled ``test`` split and evaluates the whole
``train`` split, and ByteTrack's MOT17 config scores ``half-val``, each
exactly as a user launches them, only the data root and schedule changed."""
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys

import pytest

from conftest import (REPO, metrics_in_1_and_2_processes,
                      no_loader_workers, save_initial_checkpoint)

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
sys.path.insert(0, osp.join(REPO, 'tools', 'dataset_converters'))
sys.path.insert(0, osp.join(REPO, 'tools'))

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


@pytest.fixture(scope='module')
def mot17_root(tud_root, tmp_path_factory):
    import benchmark_footage
    import mot2cocovid
    work = tmp_path_factory.mktemp('tud_as_mot17')
    data = benchmark_footage.prepare(tud_root, str(work / 'prepared'),
                                     'public')
    root = work / 'MOT17'
    root.mkdir()
    # MOT17's protocol: evaluate on train (ground truth), train on test
    os.symlink(osp.join(data['root'], 'test'), root / 'train')
    os.symlink(osp.join(data['root'], 'train'), root / 'test')
    mot2cocovid.main(['-i', str(root), '-o', str(root / 'annotations'),
                      '--split-train', '--no-progress'])
    return str(root)


def test_converted_files_have_the_real_layout(mot17_root):
    ann = osp.join(mot17_root, 'annotations')
    for name in ('train_cocoformat', 'train_detections', 'test_detections',
                 'half-val_cocoformat', 'half-val_detections'):
        assert osp.isfile(osp.join(ann, f'{name}.json')), name
    gt = json.load(open(osp.join(ann, 'train_cocoformat.json')))
    # MOTChallenge's classes with their real ids, pedestrian first
    assert gt['categories'][0] == dict(id=1, name='pedestrian')
    assert sorted(v['name'] for v in gt['videos']) == ['TUD-Campus',
                                                       'TUD-Stadtmitte']
    assert len(gt['images']) == 71 + 179 and gt['annotations']
    unlabeled = json.load(open(osp.join(ann, 'test_detections.json')))
    assert len(unlabeled['images']) == 250


@pytest.mark.slow
def test_cross_input_mot17_config_trains_and_evaluates(mot17_root,
                                                      tmp_path):
    config = osp.join(REPO, 'configs', 'cross_input',
                      'cross-input_visual-spatial_1xb8-40k_mot17.py')
    work_dir = str(tmp_path / 'work')
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'train.py'), config,
         '--work-dir', work_dir, '--cfg-options',
         *[f'{loader}.dataset.data_root={mot17_root}/'
           for loader in LOADERS], *no_loader_workers(LOADERS),
         'train_dataloader.batch_size=2', 'train_cfg.max_iters=3',
         'train_cfg.val_interval=3', 'default_hooks.logger.interval=1',
         'default_hooks.checkpoint.interval=3'],
        cwd=REPO, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(glob.glob(osp.join(work_dir, '*', '*.log'))[0]).read()
    assert 'Iter(train) [3/3]' in log and 'loss_consistency' in log
    metrics = dict(re.findall(r'motchallenge-metric/(\w+): ([0-9.]+)', log))
    # the whole train split was tracked and scored: every ground-truth box
    # is a TP or an FN, and the public detections are real people
    assert float(metrics['TP']) + float(metrics['FN']) > 1000
    assert float(metrics['DetA']) > 0.4


@pytest.mark.slow
def test_bytetrack_mot17_config_scores_half_val(mot17_root, tmp_path):
    import benchmark_trackers
    config = osp.join(REPO, 'configs', 'bytetrack',
                      'bytetrack_public-det_mot17-halfval.py')
    rows = benchmark_trackers.main([
        config, '--data-root', mot17_root + '/', '--work-dir',
        str(tmp_path), '--cfg-options', *no_loader_workers(LOADERS[1:])])
    # ByteTrack on TUD's public detections scores 55.5 HOTA on the whole
    # videos (README); the second halves alone are near it
    assert rows[0]['HOTA'] > 0.4 and rows[0]['frames'] < 250


@pytest.mark.slow
def test_cross_input_mot17_config_tests_alike_in_two_processes(mot17_root,
                                                              tmp_path):
    """tools/dist_test.sh under 2 processes scores the train split as one
    process does: mmdet's TrackImgSampler gives each process whole videos
    (TUD-Campus to one, TUD-Stadtmitte to the other)."""
    config = osp.join(REPO, 'configs', 'cross_input',
                      'cross-input_visual-spatial_1xb8-40k_mot17.py')
    ckpt = save_initial_checkpoint(config, str(tmp_path / 'init.pth'))
    options = [f'test_dataloader.dataset.data_root={mot17_root}/',
               *no_loader_workers(LOADERS[2:])]
    one, two = metrics_in_1_and_2_processes(config, tmp_path, options, ckpt)
    assert one == two
    assert float(one['motchallenge-metric/TP']) + \
        float(one['motchallenge-metric/FN']) > 1000
