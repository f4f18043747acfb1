import json
import os.path as osp

import numpy as np
import pytest

from mmtrack_unsup.datasets import PublicDetVideoDataset
from mmtrack_unsup.datasets.converters import convert_mot
from mmtrack_unsup.utils import DataFormatError


@pytest.fixture
def converted(mot_root):
    convert_mot(mot_root, osp.join(mot_root, 'annotations'),
                subsets=('train', ), progress=False)
    return mot_root


def _dataset(root, **kwargs):
    return PublicDetVideoDataset(
        data_root=root, ann_file='annotations/train_cocoformat.json',
        detection_file='annotations/train_detections.json',
        data_prefix=dict(img_path='train'), test_mode=True, pipeline=[],
        **kwargs)


def test_frames_carry_their_detections(converted):
    ds = _dataset(converted)
    assert len(ds) == 2
    video = ds.get_data_info(0)
    frames = video['images']
    assert frames[0]['img_path'].endswith('MOT17-02-FRCNN/img1/000001.jpg')
    np.testing.assert_allclose(frames[0]['public_bboxes'][0],
                               [2.5, 3.1, 12.7, 22.9], rtol=1e-6)
    np.testing.assert_allclose(frames[0]['public_scores'], [0.98, 0.91],
                               rtol=1e-6)
    assert frames[0]['public_labels'].tolist() == [0, 0]
    # zero detections in frame 3: empty arrays of the right shape
    assert frames[2]['public_bboxes'].shape == (0, 4)
    assert frames[2]['public_scores'].shape == (0, )
    # ground truth stays as in mmdet (all MOT classes in test mode)
    assert {i['category_id'] for i in frames[2]['instances']} == {1, 8}


def test_detection_file_of_another_split(converted, tmp_path):
    path = osp.join(converted, 'annotations', 'train_detections.json')
    dets = json.load(open(path))
    dets['images'] = dets['images'][:3]
    dets['annotations'] = [a for a in dets['annotations']
                           if a['image_id'] <= 3]
    bad = tmp_path / 'dets.json'
    bad.write_text(json.dumps(dets))
    with pytest.raises(DataFormatError, match="no entry for frame "
                       "'MOT17-02-FRCNN/img1/000004.jpg'"):
        PublicDetVideoDataset(
            data_root=converted, ann_file='annotations/train_cocoformat.json',
            detection_file=str(bad), data_prefix=dict(img_path='train'),
            test_mode=True, pipeline=[])


def test_detection_file_not_cocovid(converted, tmp_path):
    bad = tmp_path / 'dets.json'
    bad.write_text(json.dumps(dict(annotations=[])))
    with pytest.raises(DataFormatError, match=r"\[images\]"):
        PublicDetVideoDataset(
            data_root=converted, ann_file='annotations/train_cocoformat.json',
            detection_file=str(bad), data_prefix=dict(img_path='train'),
            test_mode=True, pipeline=[])


def _with_detections(converted, tmp_path, edit):
    path = osp.join(converted, 'annotations', 'train_detections.json')
    dets = json.load(open(path))
    edit(dets)
    bad = tmp_path / 'dets.json'
    bad.write_text(json.dumps(dets))
    return PublicDetVideoDataset(
        data_root=converted, ann_file='annotations/train_cocoformat.json',
        detection_file=str(bad), data_prefix=dict(img_path='train'),
        test_mode=True, pipeline=[])


def test_detections_of_the_wrong_split_are_refused(converted, tmp_path):
    """Sequence and frame names repeat across splits (KITTI, the synthetic
    corpus): train detections on the test split used to score without a
    word."""
    with pytest.raises(DataFormatError, match=r"dets.json \[info.subset\]: "
                       r"holds detections of the 'test' split, but the "
                       r"annotation file .*train_cocoformat.json is the "
                       r"'train' split"):
        _with_detections(converted, tmp_path,
                         lambda d: d.update(info=dict(subset='test')))
    # a detection file from another tool, without info: loads (and warns)
    ds = _with_detections(converted, tmp_path, lambda d: d.pop('info'))
    assert len(ds) == 2


@pytest.mark.parametrize('field,value,match', [
    ('score', None, r'\[annotations\[1\]\.score\]: score must be a number, '
     'got None'),
    ('bbox', [1, 2, 3], r'\[annotations\[1\]\.bbox\]: bbox must be 4 finite '
     r'numbers'),
    ('bbox', [1, 2, float('nan'), 3], r'\[annotations\[1\]\.bbox\]'),
])
def test_bad_detection_values_are_named(converted, tmp_path, field, value,
                                        match):
    with pytest.raises(DataFormatError, match=match):
        _with_detections(converted, tmp_path,
                         lambda d: d['annotations'][1].update({field: value}))


def test_detections_of_no_known_class_are_refused(converted, tmp_path):
    """'Pedestrian' against the config's 'pedestrian': every detection was
    dropped and the run scored HOTA 0 (issue 39, item 4). Now the names
    found and the names expected stop it."""
    def rename(dets):
        for cat in dets['categories']:
            cat['name'] = 'Pedestrian'

    with pytest.raises(DataFormatError, match=r"\[categories\]: none of its "
                       r"\d+ detections is of a class of this dataset: "
                       r"categories of the file \['Pedestrian'\], classes of "
                       r"the config \['pedestrian'"):
        _with_detections(converted, tmp_path, rename)


def test_nan_scores_are_dropped_counted_and_none_left_is_refused(
        converted, tmp_path):
    """An empty detection file, or one whose every score is NaN, scored
    HOTA 0 with exit 0 (issue 39, item 5): NaN scores are now dropped and
    counted in the log, and a file with no usable detection stops."""
    def one_nan(dets):
        dets['annotations'][0]['score'] = float('nan')

    def one_nan_one_far(dets):
        one_nan(dets)
        dets['annotations'][1]['bbox'][:2] = [1e6, -1e6]  # item 8

    ds = _with_detections(converted, tmp_path, one_nan_one_far)
    first = ds.get_data_info(0)['images'][0]
    assert np.isfinite(first['public_scores']).all()
    assert (np.abs(first['public_bboxes']) < 1e4).all()
    assert ds.detection_skips.counts == {'NaN/inf score': 1,
                                         'box entirely outside the frame': 1}

    def all_nan(dets):
        for ann in dets['annotations']:
            ann['score'] = float('nan')

    with pytest.raises(DataFormatError, match=r'\[annotations\]: no usable '
                       r'detection to track \(\d+ records; skipped records'):
        _with_detections(converted, tmp_path, all_nan)
    with pytest.raises(DataFormatError, match=r'no usable detection to '
                       r'track \(0 records; skipped records: none'):
        _with_detections(converted, tmp_path,
                         lambda dets: dets.update(annotations=[]))


def test_an_annotation_file_without_videos_is_refused(converted, tmp_path):
    """An empty result of a converter used to build, and training died in
    the sampler (issue 39, item 18)."""
    path = osp.join(converted, 'annotations', 'train_cocoformat.json')
    data = json.load(open(path))
    data.update(videos=[], images=[], annotations=[])
    empty = tmp_path / 'empty.json'
    empty.write_text(json.dumps(data))
    with pytest.raises(DataFormatError, match=r'empty\.json \[videos\]: '
                       'holds no video'):
        PublicDetVideoDataset(
            data_root=converted, ann_file=str(empty),
            detection_file='annotations/train_detections.json',
            data_prefix=dict(img_path='train'), test_mode=True, pipeline=[])
