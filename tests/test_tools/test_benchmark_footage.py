"""tools/analysis_tools/benchmark_footage.py: real footage stored as videos
(the layout of ../shared/data/tud) -> a split to train on without ground
truth and the same frames with it to score on."""
import json
import os
import os.path as osp
import sys

import cv2
import numpy as np
import pytest

from conftest import REPO, SEQINFO, write_video
from mmtrack_unsup.utils import DataFormatError

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
import benchmark_footage  # noqa: E402

GT = ['1,1,10,8,12,30,1,1,1.0', '2,1,12,8,12,30,1,1,1.0',
      '3,1,14,8,12,30,1,1,1.0', '3,2,40,5,10,28,1,1,1.0']
DET = ['1,-1,10,9,12,29,0.9,-1,-1,-1', '2,-1,12,8,12,30,0.8,-1,-1,-1',
       '3,-1,40,5,10,28,0.4,-1,-1,-1']


def write_footage(root, seq='CAM-01', frames=4, size=(64, 48)):
    seq_dir = osp.join(root, seq)
    os.makedirs(osp.join(seq_dir, 'gt'))
    os.makedirs(osp.join(seq_dir, 'det'))
    rng = np.random.default_rng(0)
    write_video(osp.join(seq_dir, 'video.avi'), [
        rng.integers(0, 255, (size[1], size[0], 3), np.uint8)
        for _ in range(frames)])
    with open(osp.join(seq_dir, 'seqinfo.ini'), 'w') as f:
        f.write(SEQINFO.format(name=seq))  # 4 frames, 64x48
    with open(osp.join(seq_dir, 'gt', 'gt.txt'), 'w') as f:
        f.write('\n'.join(GT) + '\n')
    with open(osp.join(seq_dir, 'det', 'det.txt'), 'w') as f:
        f.write('\n'.join(DET) + '\n')
    return seq_dir


def test_training_split_has_no_ground_truth_and_the_test_split_has_it(
        tmp_path):
    footage = str(tmp_path / 'footage')
    write_footage(footage)
    work = str(tmp_path / 'work')
    data = benchmark_footage.prepare(footage, work, 'public')
    root = data['root']
    train_seq = osp.join(root, 'train', 'CAM-01')
    assert not osp.exists(osp.join(train_seq, 'gt'))
    assert len(os.listdir(osp.join(train_seq, 'img1'))) == 4
    ann = osp.join(root, 'annotations')
    assert json.load(open(osp.join(ann, 'train_cocoformat.json')))[
        'annotations'] == []
    # the footage's public detections, the same in both splits
    for subset in ('train', 'test'):
        dets = json.load(open(osp.join(ann, f'{subset}_detections.json')))
        assert sorted(a['score'] for a in dets['annotations']) == [
            0.4, 0.8, 0.9]
    test_gt = json.load(open(osp.join(ann, 'test_cocoformat.json')))
    assert len(test_gt['annotations']) == len(GT)
    assert {a['mot_instance_id'] for a in test_gt['annotations']} == {1, 2}
    assert data['speed']['frames'] == 4
    assert data['spec'] == dict(kind='mot', path=osp.join(
        osp.abspath(work), 'public_detections'))
    # a second call reuses the frames and detections, and their speed
    again = benchmark_footage.prepare(footage, work, 'public')
    assert again['speed'] == data['speed']


def test_footage_that_disagrees_with_its_seqinfo_is_refused(tmp_path):
    footage = str(tmp_path / 'footage')
    write_footage(footage, size=(80, 48))
    with pytest.raises(DataFormatError, match=r'seqinfo.ini.*64x48.*80x48'):
        benchmark_footage.prepare(footage, str(tmp_path / 'w'), 'public')
    footage = str(tmp_path / 'footage2')
    write_footage(footage, frames=3)
    with pytest.raises(DataFormatError, match='seqLength 4.*3 frames'):
        benchmark_footage.prepare(footage, str(tmp_path / 'w2'), 'public')
    with pytest.raises(DataFormatError, match='no sequence folders'):
        benchmark_footage.prepare(str(tmp_path), str(tmp_path / 'w3'),
                                  'public')


def test_learned_trackers_train_on_the_videos_and_score_on_the_test_split(
        tmp_path, monkeypatch, capsys):
    footage = str(tmp_path / 'footage')
    write_footage(footage)
    calls = []
    monkeypatch.setattr(benchmark_footage.train_seeds, 'main',
                        lambda argv: calls.append(argv) or 'table')
    work = str(tmp_path / 'work')
    benchmark_footage.main([footage, '--detections', 'hog', '--work-dir',
                            work, '--seeds', '0', '1', '--detector-options',
                            'box=window', 'upscale=1.0'])
    argv, = calls
    assert argv[0] == benchmark_footage.TRAIN_CONFIG
    assert '--no-self-score' in argv
    assert argv[argv.index('--eval-data-roots') + 1] == osp.join(
        work, 'data') + '/'
    options = argv[argv.index('--train-options') + 1:]
    assert f'train_dataloader.dataset.video_dir={work}/videos' in options
    # training detects with the same detector as the scored split
    assert {'train_dataloader.dataset.detector.kind=hog',
            'train_dataloader.dataset.detector.box=window',
            'train_dataloader.dataset.detector.upscale=1.0'} <= set(options)
    assert 'detections: hog' in capsys.readouterr().out


def test_transfer_scores_synthetic_weights_on_the_footage(tmp_path,
                                                          monkeypatch):
    """--transfer-work-dir: a second table, the learned configs with the
    synthetic-corpus weights of that folder, scored on the footage's test
    split into a folder of this run (the weights' own score files stay)."""
    footage = str(tmp_path / 'footage')
    write_footage(footage)
    calls = []
    monkeypatch.setattr(benchmark_footage.train_seeds, 'main',
                        lambda argv: calls.append(argv) or 'table')
    work = str(tmp_path / 'work')
    table, _ = benchmark_footage.main([
        footage, '--detections', 'public', '--work-dir', work, '--seeds',
        '0', '1', '2', '--transfer-work-dir', 'work_dirs/seeds_vs'])
    own, transfer = calls
    assert own[0] == benchmark_footage.TRAIN_CONFIG
    assert transfer[0] == benchmark_footage.SYNTHETIC_CONFIG
    assert transfer[transfer.index('--work-dir') + 1] == 'work_dirs/seeds_vs'
    assert transfer[transfer.index('--scores-dir') + 1] == osp.join(
        work, 'transfer')
    assert transfer[transfer.index('--eval-data-roots') + 1] == osp.join(
        work, 'data') + '/'
    assert '--train-options' not in transfer  # nothing of the footage
    learned = transfer[transfer.index('--also') + 1:
                       transfer.index('--seeds')]
    assert learned == benchmark_footage.LEARNED
    assert 'transfer' in table
