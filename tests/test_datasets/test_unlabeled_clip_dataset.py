import json
import os
import os.path as osp

import numpy as np
import pytest

from mmtrack_unsup.datasets import UnlabeledClipDataset
from mmtrack_unsup.datasets.converters import convert_mot
from mmtrack_unsup.utils import DataFormatError

PIPELINE = [
    dict(type='LoadClipCrops', crop_size=64, frames='ends'),
    dict(type='PackClipInputs')
]


@pytest.fixture
def det_file(mot_root):
    paths = convert_mot(mot_root, osp.join(mot_root, 'annotations'),
                        subsets=('train', ), progress=False)
    return paths['train']['detections']


def _dataset(root, ann, **kwargs):
    kwargs.setdefault('clip_len', (1, 3))
    return UnlabeledClipDataset(ann_file=ann, data_root=root,
                                data_prefix=dict(img_path='train'),
                                pipeline=PIPELINE, far_gap=1, **kwargs)


def test_clips_read_detections_only(mot_root, det_file):
    # the ground truth is gone: a read of it would fail (issue 14)
    os.remove(osp.join(mot_root, 'annotations', 'train_cocoformat.json'))
    for seq in ('MOT17-02-FRCNN', 'MOT17-04-FRCNN'):
        os.remove(osp.join(mot_root, 'train', seq, 'gt', 'gt.txt'))
    ds = _dataset(mot_root, det_file)
    assert len(ds) == 6  # 3 starts in each 4-frame video
    np.random.seed(0)
    for i in range(len(ds)):
        item = ds[i]
        sample, crops = item['data_samples'], item['inputs']
        assert 2 <= len(sample.bboxes) <= 4
        # crops only for I0, In and the artificial detections
        assert all((c == -1).all() for c in sample.crop_index[1:-1])
        assert crops.shape[1:] == (3, 64, 64)
        assert int(sample.artificial.sum()) == int((~sample.artificial).sum())
        n = int((~sample.artificial).sum())
        # artificial detections carry the boxes of In
        assert (sample.bboxes[-1][n:] == sample.bboxes[-1][:n]).all()


def test_bad_input_is_counted_or_named(mot_root, det_file, tmp_path):
    data = json.load(open(det_file))
    data['annotations'][0]['bbox'][2] = 0  # zero-area box
    # a broken detector's box far outside the frame (issue 39, item 8)
    data['annotations'][1]['bbox'][:2] = [1e30, 1e30]
    bad = tmp_path / 'dets.json'
    bad.write_text(json.dumps(data))
    ds = _dataset(mot_root, str(bad), clip_len=(3, 3))
    # at 1e30 the width is lost in float rounding: no area either way
    assert ds.skips.counts == {'box with non-positive size': 2}
    assert all((b < 1e4).all() for v in ds.videos for b in v['bboxes'])
    # clip_len 4 needs 5 frames: both 4-frame videos are skipped -> error
    with pytest.raises(DataFormatError, match='no video long enough'):
        _dataset(mot_root, det_file, clip_len=(4, 4))
    with pytest.raises(ValueError, match='clip_len'):
        _dataset(mot_root, det_file, clip_len=(3, 2))
    # an unreadable frame is named when its crops are cut
    os.remove(osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'img1',
                       '000001.jpg'))
    ds = _dataset(mot_root, det_file, artificial=False)
    with pytest.raises(DataFormatError, match='000001.jpg'):
        ds.prepare_data(0)


def test_clip_without_detections_in_first_frame_is_redrawn(mot_root,
                                                            det_file):
    ds = _dataset(mot_root, det_file)
    # MOT17-02 frame 3 has no detections: a clip starting there is None
    start3 = 2  # items run video by video: video 0 starts 0, 1, 2
    assert ds.prepare_data(start3) is None
    assert ds[start3] is not None  # BaseDataset draws another clip


def _edited(det_file, tmp_path, edit):
    data = json.load(open(det_file))
    edit(data)
    bad = tmp_path / 'dets.json'
    bad.write_text(json.dumps(data))
    return str(bad)


def _nan_scores(data):
    for ann in data['annotations']:
        ann['score'] = float('nan')


@pytest.mark.parametrize('edit,match', [
    (lambda d: d.update(annotations=[]), r'no clip can start: none of the 6 '
     r'possible start frames has a usable detection \(0 annotations'),
    (_nan_scores, r'no clip can start: .*\(8 annotations, 0 below '
     r'det_score_thr=0.0; skipped records: 8\n.*detection with NaN score'),
    (lambda d: [a.update(image_id=a['image_id'] + 1000)
                for a in d['annotations']],
     r'\[annotations\[0\]\.image_id\]: image_id 1001 is not in images'),
    (lambda d: d['annotations'][3].update(score=None),
     r'\[annotations\[3\]\.score\]: score must be a number'),
    (lambda d: d['annotations'][3].update(bbox=[1, 2, 3]),
     r'\[annotations\[3\]\.bbox\]: bbox must be 4 finite numbers'),
])
def test_unusable_detections_are_explained(mot_root, det_file, tmp_path,
                                           edit, match):
    """These used to end in mmengine's "Cannot find valid image after 1000!
    Please check your image path and pipeline", or in a TypeError."""
    with pytest.raises(DataFormatError, match=match):
        _dataset(mot_root, _edited(det_file, tmp_path, edit))


def test_artificial_crops_come_from_frames_beyond_far_gap(tmp_path):
    """Every frame holds one detection whose x1 is its frame index, so the
    source frame of each artificial crop can be read off its box (issue
    14): it lies more than far_gap frames before the clip or after it."""
    frames = 40
    dets = dict(
        info=dict(subset='train'),
        videos=[dict(id=1, name='v')],
        images=[dict(id=t + 1, video_id=1, frame_id=t, file_name=f'{t}.jpg',
                     width=100, height=100) for t in range(frames)],
        annotations=[dict(id=t + 1, image_id=t + 1, bbox=[t, 0, 5, 5],
                          score=0.9, category_id=1) for t in range(frames)])
    path = tmp_path / 'dets.json'
    path.write_text(json.dumps(dets))
    ds = UnlabeledClipDataset(ann_file=str(path), pipeline=[], far_gap=7,
                              clip_len=(2, 6))
    np.random.seed(0)
    checked = 0
    for idx in range(len(ds)):
        info = ds.get_data_info(idx)
        start = info['start']
        end = start + len(info['img_paths']) - 1
        src = info['artificial_src_bboxes'][:, 0]
        assert len(src) == len(info['bboxes'][-1]) == 1
        if start - 7 > 0 or end + 7 < frames - 1:  # a far frame exists
            assert ((src < start - 7) | (src > end + 7)).all(), (start, end,
                                                                  src)
            checked += 1
    assert checked > 20


def _source_frame(ds, path):
    """``(video index, frame index)`` of an artificial crop's image."""
    for v, video in enumerate(ds.videos):
        if path in video['img_paths']:
            return v, video['img_paths'].index(path)
    raise AssertionError(path)


def test_artificial_sources(mot_root, det_file):
    """The paper's far frames (default), other videos only, or background
    where no detection of the source frame is (issue 33)."""
    from mmdet.evaluation.functional import bbox_overlaps
    np.random.seed(0)
    for source in ('far_frames', 'other_videos', 'background'):
        ds = _dataset(mot_root, det_file, artificial_source=source,
                      clip_len=(1, 1))
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            if info is None:
                continue
            own = next(v for v, vid in enumerate(ds.videos)
                       if vid['name'] == info['video_name'])
            last = info['bboxes'][-1]
            assert len(info['artificial_img_paths']) == len(last)
            for path, box, twin in zip(info['artificial_img_paths'],
                                       info['artificial_src_bboxes'], last):
                v, t = _source_frame(ds, path)
                if source == 'other_videos':
                    assert v != own
                elif source == 'far_frames':
                    # far_gap=1: frames more than 1 away, else other videos
                    assert v != own or not (info['start'] - 1 <= t <=
                                            info['start'] + 2)
                else:
                    assert v == own
                    np.testing.assert_allclose(box[2:] - box[:2],
                                               twin[2:] - twin[:2],
                                               rtol=1e-5)
                    dets = ds.videos[v]['bboxes'][t]
                    if len(dets):
                        assert bbox_overlaps(box[None], dets).max() <= 0.1
                if source != 'background':  # a detection of that frame
                    assert any((box == d).all()
                               for d in ds.videos[v]['bboxes'][t])


def test_other_videos_needs_two_and_unknown_sources_are_refused(
        mot_root, det_file, tmp_path):
    data = json.load(open(det_file))
    keep = data['videos'][0]['id']
    data['videos'] = data['videos'][:1]
    images = {im['id'] for im in data['images'] if im['video_id'] == keep}
    data['images'] = [im for im in data['images'] if im['id'] in images]
    data['annotations'] = [a for a in data['annotations']
                           if a['image_id'] in images]
    one = tmp_path / 'one_video.json'
    one.write_text(json.dumps(data))
    with pytest.raises(DataFormatError, match="needs two or more"):
        _dataset(mot_root, str(one), artificial_source='other_videos')
    _dataset(mot_root, str(one), artificial_source='background')
    with pytest.raises(ValueError, match='artificial_source'):
        _dataset(mot_root, det_file, artificial_source='far')
