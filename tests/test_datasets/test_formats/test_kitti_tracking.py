import os.path as osp

import pytest

from mmtrack_unsup.datasets.formats import (format_kitti_line,
                                            read_kitti_labels)
from mmtrack_unsup.utils import DataFormatError, SkipCounter


def test_read_labels(kitti_root):
    recs = read_kitti_labels(
        osp.join(kitti_root, 'training', 'label_02', '0000.txt'))
    assert sorted(recs) == [0, 1, 2]
    assert [r.type for r in recs[0]] == ['Car', 'Van', 'DontCare']
    car = recs[2][0]
    assert (car.track_id, car.truncated, car.bbox) == \
        (0, 1.0, [14.0, 5.0, 44.0, 35.0])


def test_detections_need_score(kitti_root):
    label_file = osp.join(kitti_root, 'training', 'label_02', '0000.txt')
    with pytest.raises(DataFormatError, match='0000.txt:1: expected 18'):
        read_kitti_labels(label_file, require_score=True)
    dets = read_kitti_labels(osp.join(kitti_root, 'dets', '0000.txt'),
                             require_score=True)
    assert dets[0][0].score == pytest.approx(0.95)


def test_bad_type_and_skips(tmp_path):
    path = tmp_path / 'x.txt'
    path.write_text(format_kitti_line(0, 1, 'Car', [5, 5, 5, 9]) +
                    format_kitti_line(0, 2, 'Car', [1, 1, 9, 9]))
    skips = SkipCounter()
    recs = read_kitti_labels(str(path), skips)
    assert len(recs[0]) == 1 and skips.total == 1
    path.write_text(format_kitti_line(0, 1, 'Boat', [1, 1, 9, 9]))
    with pytest.raises(DataFormatError, match=r'x.txt:1 \[type\]'):
        read_kitti_labels(str(path))


def test_format_roundtrip(tmp_path):
    path = tmp_path / 'y.txt'
    path.write_text(format_kitti_line(3, 7, 'Pedestrian', [1, 2, 30, 40],
                                      score=0.5))
    rec = read_kitti_labels(str(path), require_score=True)[3][0]
    assert (rec.track_id, rec.type, rec.bbox, rec.score) == \
        (7, 'Pedestrian', [1, 2, 30, 40], 0.5)
