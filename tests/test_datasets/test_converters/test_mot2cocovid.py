import json
import os
import os.path as osp
import shutil
import sys

import pytest

from conftest import REPO
from mmtrack_unsup.datasets.converters import (convert_mot,
                                               convert_mot_subset,
                                               mot2cocovid)
from mmtrack_unsup.utils import DataFormatError, SkipCounter


def _load(path):
    with open(path) as f:
        return json.load(f)


def test_convert_train(mot_root, tmp_path):
    out = str(tmp_path / 'ann')
    paths = convert_mot(mot_root, out, subsets=('train', 'test'),
                        progress=False)
    assert list(paths) == ['train']  # no test/ folder: skipped
    gt, det = _load(paths['train']['gt']), _load(paths['train']['detections'])
    assert [v['name'] for v in gt['videos']] == ['MOT17-02-FRCNN',
                                                 'MOT17-04-FRCNN']
    assert gt['videos'][0]['detector'] == 'FRCNN'
    assert len(gt['images']) == len(det['images']) == 8
    img = gt['images'][5]
    assert (img['file_name'], img['frame_id'], img['mot_frame_id'],
            img['video_id']) == ('MOT17-04-FRCNN/img1/000002.jpg', 1, 2, 2)
    assert len(gt['annotations']) == 11
    # MOT ids 1, 2, 7 of video 1 and 3 of video 2 -> 0, 1, 2, 3
    assert gt['num_instances'] == 4
    ann = gt['annotations'][1]
    assert (ann['instance_id'], ann['mot_instance_id'], ann['bbox'],
            ann['visibility'], ann['category_id']) == (1, 2, [30, 5, 12, 22],
                                                       0.6, 1)
    distractor = [a for a in gt['annotations'] if a['category_id'] == 8]
    assert distractor[0]['mot_conf'] == 0
    assert len({a['id'] for a in gt['annotations']}) == 11
    assert len(det['annotations']) == 8
    assert det['annotations'][0]['score'] == pytest.approx(0.98)
    assert det['annotations'][0]['bbox'] == [2.5, 3.1, 10.2, 19.8]
    # frame 3 of MOT17-02 has zero detections
    frame3 = [i['id'] for i in det['images']
              if i['file_name'] == 'MOT17-02-FRCNN/img1/000003.jpg']
    assert not [a for a in det['annotations'] if a['image_id'] == frame3[0]]


def test_half_split_as_mmdet(mot_root, tmp_path):
    paths = convert_mot(mot_root, str(tmp_path), subsets=('half-train',
                                                          'half-val'),
                        progress=False)
    train = _load(paths['half-train']['gt'])
    val = _load(paths['half-val']['gt'])
    # 4 frames: len // 2 + 1 = 3 frames for half-train, 1 for half-val
    assert [i['mot_frame_id'] for i in train['images']][:3] == [1, 2, 3]
    assert [(i['mot_frame_id'], i['frame_id']) for i in val['images']] == \
        [(4, 0), (4, 0)]
    assert len(val['annotations']) == 3


def test_detector_filter(mot_root, tmp_path):
    os.rename(osp.join(mot_root, 'train', 'MOT17-04-FRCNN'),
              osp.join(mot_root, 'train', 'MOT17-04-DPM'))
    with open(osp.join(mot_root, 'train', 'MOT17-04-DPM', 'seqinfo.ini')) as f:
        text = f.read().replace('MOT17-04-FRCNN', 'MOT17-04-DPM')
    with open(osp.join(mot_root, 'train', 'MOT17-04-DPM', 'seqinfo.ini'),
              'w') as f:
        f.write(text)
    paths = convert_mot_subset(osp.join(mot_root, 'train'), 'train',
                               str(tmp_path), detectors=['DPM'],
                               progress=False)
    assert [v['name'] for v in _load(paths['gt'])['videos']] == \
        ['MOT17-04-DPM']


def test_missing_frame_and_bad_line_leave_no_output(mot_root, tmp_path):
    out = tmp_path / 'ann'
    os.remove(osp.join(mot_root, 'train', 'MOT17-04-FRCNN', 'img1',
                       '000003.jpg'))
    with pytest.raises(DataFormatError, match='000003.jpg: frame missing'):
        convert_mot(mot_root, str(out), subsets=('train', ), progress=False)
    assert not out.exists() or not os.listdir(out)


def test_existing_output_survives_a_failed_conversion(mot_root, tmp_path):
    out = tmp_path / 'ann'
    paths = convert_mot(mot_root, str(out), subsets=('train', ),
                        progress=False)
    before = open(paths['train']['gt']).read()
    det_file = osp.join(mot_root, 'train', 'MOT17-04-FRCNN', 'det', 'det.txt')
    with open(det_file, 'a') as f:
        f.write('3,-1,oops\n')
    with pytest.raises(DataFormatError, match=r'det.txt:4'):
        convert_mot(mot_root, str(out), subsets=('train', ), progress=False)
    assert open(paths['train']['gt']).read() == before
    assert sorted(os.listdir(out)) == ['train_cocoformat.json',
                                       'train_detections.json']


def test_unreadable_frame(mot_root, tmp_path):
    bad = osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'img1', '000002.jpg')
    with open(bad, 'wb') as f:
        f.write(b'not a jpeg')
    with pytest.raises(DataFormatError, match='cannot be decoded'):
        convert_mot(mot_root, str(tmp_path), subsets=('train', ),
                    progress=False)
    # existence-only check passes
    convert_mot(mot_root, str(tmp_path), subsets=('train', ),
                verify_images=False, progress=False)


def test_skips_are_counted(mot_root, tmp_path):
    det_file = osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'det', 'det.txt')
    with open(det_file, 'a') as f:
        f.write('2,-1,1,1,0,0,0.5,-1,-1,-1\n2,-1,1,1,4,4,nan,-1,-1,-1\n')
    skips = SkipCounter()
    paths = convert_mot(mot_root, str(tmp_path), subsets=('train', ),
                        skips=skips, progress=False)
    assert skips.total == 2
    assert len(_load(paths['train']['detections'])['annotations']) == 8


def test_outputs_record_their_split(mot_root, tmp_path):
    paths = convert_mot(mot_root, str(tmp_path), subsets=('train',
                                                           'half-val'),
                        progress=False)
    for subset in ('train', 'half-val'):
        for kind in ('gt', 'detections'):
            assert _load(paths[subset][kind])['info'] == dict(subset=subset)


def test_output_path_problems_stop_before_reading(mot_root, tmp_path,
                                                  monkeypatch):
    out = tmp_path / 'ann'
    out.write_text('a file, not a folder')
    read = []
    monkeypatch.setattr(mot2cocovid, 'read_seqinfo',
                        lambda *a: read.append(a) or 1 / 0)
    with pytest.raises(DataFormatError, match='ann: the output path exists '
                       'and is not a folder'):
        convert_mot(mot_root, str(out), subsets=('train', ), progress=False)
    assert read == []  # no sequence was read before the error


def test_a_failing_subset_writes_no_subset(mot_root, tmp_path):
    """A bad `test` sequence used to leave new train_* files beside the old
    test_* ones; now every subset of the call is written or none."""
    shutil.copytree(osp.join(mot_root, 'train', 'MOT17-04-FRCNN'),
                    osp.join(mot_root, 'test', 'MOT17-04-FRCNN'))
    out = str(tmp_path / 'ann')
    paths = convert_mot(mot_root, out, progress=False)
    before = {p: open(p).read() for sub in paths.values()
              for p in sub.values()}
    with open(osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'det',
                       'det.txt'), 'a') as f:
        f.write('3,-1,40,20,5,5,0.7,-1,-1,-1\n')  # train changes
    with open(osp.join(mot_root, 'test', 'MOT17-04-FRCNN', 'det',
                       'det.txt'), 'a') as f:
        f.write('3,-1,oops\n')  # test breaks
    with pytest.raises(DataFormatError, match=r'test/MOT17-04-FRCNN/det/'
                       r'det.txt:4'):
        convert_mot(mot_root, out, progress=False)
    assert {p: open(p).read() for p in before} == before
    assert len(os.listdir(out)) == 4  # no temporary file left


def test_truncated_frame_is_named(mot_root, tmp_path):
    """OpenCV decodes a truncated JPEG with a grey fill and no error."""
    frame = osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'img1',
                     '000002.jpg')
    data = open(frame, 'rb').read()
    with open(frame, 'wb') as f:
        f.write(data[:len(data) // 3])
    with pytest.raises(DataFormatError, match='000002.jpg: JPEG is '
                       'truncated'):
        convert_mot(mot_root, str(tmp_path), subsets=('train', ),
                    progress=False)


def test_a_rerun_leaves_no_split_of_the_previous_run(mot_root, tmp_path):
    """The CLI run twice into one folder, first with --split-train, then
    without: the half-* files of the first run (older data) are gone, so no
    training can read them beside the new train split."""
    sys.path.insert(0, osp.join(REPO, 'tools', 'dataset_converters'))
    from mot2cocovid import main
    out = str(tmp_path / 'ann')
    assert main(['-i', mot_root, '-o', out, '--split-train',
                 '--no-progress']) == 0
    assert sorted(os.listdir(out)) == sorted(
        f'{s}_{k}.json' for s in ('train', 'half-train', 'half-val')
        for k in ('cocoformat', 'detections'))
    assert main(['-i', mot_root, '-o', out, '--no-progress']) == 0
    assert sorted(os.listdir(out)) == ['train_cocoformat.json',
                                       'train_detections.json']


def test_an_id_twice_in_a_frame_is_refused_with_both_lines(mot_root,
                                                           tmp_path):
    """Duplicate (frame, id) rows in gt.txt used to pass the converter and
    stop TrackEval later; the CLI now names the file and both lines, with
    no traceback, and writes nothing (issue 39, item 13)."""
    import subprocess
    gt = osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'gt', 'gt.txt')
    lines = open(gt).read().splitlines()
    with open(gt, 'a') as f:
        f.write(lines[0] + '\n')
    out = tmp_path / 'ann'
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'dataset_converters',
                                  'mot2cocovid.py'), '-i', mot_root, '-o',
         str(out), '--no-progress'], capture_output=True, text=True)
    assert proc.returncode == 1 and 'Traceback' not in proc.stderr
    frame, track = lines[0].split(',')[:2]
    assert (f'error: {gt}:{len(lines) + 1} [id]: frame {frame} has id '
            f'{track} twice (lines 1 and {len(lines) + 1})') in proc.stderr
    assert not out.exists() or not os.listdir(out)


def test_frame_size_must_match_seqinfo(mot_root, tmp_path):
    """A wrong imWidth/imHeight, or a frame of another size than the rest,
    used to be accepted (boxes are checked against that size): the
    converter names the frame and both sizes (issue 39, item 10)."""
    import cv2
    import numpy as np
    seq = osp.join(mot_root, 'train', 'MOT17-02-FRCNN')
    ini = osp.join(seq, 'seqinfo.ini')
    text = open(ini).read()
    with open(ini, 'w') as f:
        f.write(text.replace('imWidth=64', 'imWidth=1920'))
    first = osp.join(seq, 'img1', '000001.jpg')
    with pytest.raises(DataFormatError, match=f'{first}: frame is 64x48, '
                       'seqinfo.ini says imWidth=1920 imHeight=48'):
        convert_mot(mot_root, str(tmp_path / 'a'), subsets=('train', ),
                    progress=False)
    with open(ini, 'w') as f:
        f.write(text)
    third = osp.join(seq, 'img1', '000003.jpg')
    cv2.imwrite(third, np.zeros((96, 128, 3), np.uint8))
    with pytest.raises(DataFormatError, match=f'{third}: frame is 128x96, '
                       r'seqinfo.ini says imWidth=64 imHeight=48 \(and frame '
                       '000001.jpg is that size'):
        convert_mot(mot_root, str(tmp_path / 'b'), subsets=('train', ),
                    progress=False)
