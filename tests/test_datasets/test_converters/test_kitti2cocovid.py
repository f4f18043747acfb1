import json
import os.path as osp

import pytest

from mmtrack_unsup.datasets.converters import convert_kitti
from mmtrack_unsup.utils import DataFormatError


def test_convert_kitti(kitti_root, tmp_path):
    paths = convert_kitti(kitti_root, str(tmp_path),
                          det_dir=osp.join(kitti_root, 'dets'),
                          classes=['Car'], progress=False)
    gt = json.load(open(paths['gt']))
    det = json.load(open(paths['detections']))
    assert gt['videos'][0]['name'] == '0000'
    assert (gt['images'][0]['width'], gt['images'][0]['height']) == (80, 40)
    assert [i['file_name'] for i in gt['images']] == [
        '0000/000000.png', '0000/000001.png', '0000/000002.png']
    cats = {c['id']: c['name'] for c in gt['categories']}
    names = [cats[a['category_id']] for a in gt['annotations']]
    assert names == ['Car', 'Van', 'DontCare', 'Car', 'Car', 'Pedestrian']
    dontcare = gt['annotations'][2]
    assert dontcare['iscrowd'] and dontcare['instance_id'] == -1
    car = gt['annotations'][4]
    assert (car['bbox'], car['truncated'], car['instance_id']) == \
        ([14.0, 5.0, 30.0, 30.0], 1, 0)
    assert gt['num_instances'] == 3  # car 0, van 1, pedestrian 2
    # detections keep the tracked class only
    assert len(det['annotations']) == 3
    assert {cats[a['category_id']] for a in det['annotations']} == {'Car'}
    assert det['annotations'][0]['score'] == pytest.approx(0.95)


def test_kitti_bad_inputs(kitti_root, tmp_path):
    with pytest.raises(ValueError, match='not a KITTI object type'):
        convert_kitti(kitti_root, str(tmp_path), classes=['Boat'])
    label = osp.join(kitti_root, 'training', 'label_02', '0000.txt')
    with open(label, 'a') as f:
        f.write('9 0 Car 0 0 0 1 1 5 5 1 1 1 1 1 1 1\n')
    with pytest.raises(DataFormatError, match='labels frame 9'):
        convert_kitti(kitti_root, str(tmp_path), progress=False)
