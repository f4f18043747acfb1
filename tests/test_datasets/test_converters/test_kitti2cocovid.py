import json
import os
import os.path as osp
import shutil

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


def test_missing_training_label_file_is_an_error(kitti_root, tmp_path):
    """It used to give empty ground truth that overwrote a good file."""
    out = str(tmp_path / 'ann')
    paths = convert_kitti(kitti_root, out, progress=False)
    before = open(paths['gt']).read()
    os.remove(osp.join(kitti_root, 'training', 'label_02', '0000.txt'))
    with pytest.raises(DataFormatError, match=r'label_02/0000.txt: missing'):
        convert_kitti(kitti_root, out, progress=False)
    assert open(paths['gt']).read() == before


def test_labels_without_frames_are_an_error(kitti_root, tmp_path):
    """A sequence with labels but no images used to be dropped silently."""
    shutil.copy(osp.join(kitti_root, 'training', 'label_02', '0000.txt'),
                osp.join(kitti_root, 'training', 'label_02', '0001.txt'))
    with pytest.raises(DataFormatError, match=r'0001.txt: labels sequence '
                       r'0001 but .*image_02/0001 has no frames'):
        convert_kitti(kitti_root, str(tmp_path), progress=False)
    # asking for the sequences that exist is fine
    convert_kitti(kitti_root, str(tmp_path), sequences=['0000'],
                  progress=False)


def test_extra_file_in_frame_folder_is_named(kitti_root, tmp_path):
    extra = osp.join(kitti_root, 'training', 'image_02', '0000',
                     'preview.png')
    shutil.copy(osp.join(osp.dirname(extra), '000000.png'), extra)
    with pytest.raises(DataFormatError, match=r'0000/preview.png: not a '
                       'KITTI frame name'):
        convert_kitti(kitti_root, str(tmp_path), progress=False)


def test_outputs_record_their_split(kitti_root, tmp_path):
    paths = convert_kitti(kitti_root, str(tmp_path),
                          det_dir=osp.join(kitti_root, 'dets'),
                          classes=['Car'], progress=False)
    for path in paths.values():
        assert json.load(open(path))['info'] == dict(subset='training')
