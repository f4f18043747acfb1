"""The path from KITTI frames to the KITTI config's detections with any
mmdet COCO detector (paper A: a COCO-trained YOLOv5, Sec. 5): detect_kitti.py
writes the KITTI label format with scores, kitti2cocovid.py --det-dir reads
it, and the cross-input KITTI config's test dataset holds its cars."""
import os.path as osp
import sys

import torch
from mmdet.registry import DATASETS
from mmengine.config import Config

from conftest import REPO, write_tiny_faster_rcnn

sys.path.insert(0, osp.join(REPO, 'tools', 'dataset_converters'))


def test_mmdet_detector_to_kitti_config(kitti_root, tmp_path):
    import detect_kitti
    import kitti2cocovid
    config, ckpt = write_tiny_faster_rcnn(str(tmp_path))
    # an untrained box head made sure of COCO's 'car' (label 2)
    state = torch.load(ckpt, weights_only=False)
    state['state_dict']['roi_head.bbox_head.fc_cls.bias'][2] = 8.0
    torch.save(state, ckpt)
    det_dir = str(tmp_path / 'dets_coco')
    assert detect_kitti.main([
        '-i', kitti_root, '-o', det_dir, '--det-config', config,
        '--det-checkpoint', ckpt, '--classes', 'car', '--no-progress']) == 0
    lines = open(osp.join(det_dir, '0000.txt')).read().splitlines()
    assert lines, 'the detector found no car'
    for line in lines:
        cols = line.split()
        # frame, track id -1, KITTI's type, ..., score in the 18th column
        assert len(cols) == 18 and cols[1] == '-1' and cols[2] == 'Car'
        assert int(cols[0]) in (0, 1, 2) and 0 < float(cols[17]) <= 1
        x1, y1, x2, y2 = map(float, cols[6:10])
        assert 0 <= x1 <= x2 <= 80 and 0 <= y1 <= y2 <= 40

    ann = osp.join(kitti_root, 'annotations')
    assert kitti2cocovid.main(['-i', kitti_root, '-o', ann, '--det-dir',
                               det_dir, '--classes', 'Car',
                               '--no-progress']) == 0
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'cross_input',
        'cross-input_visual-spatial_1xb8-40k_kitti-car.py'))
    cfg.test_dataloader.dataset.data_root = kitti_root + '/'
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    names = dataset.metainfo['classes']
    labels = [int(v) for i in range(len(dataset))
              for frame in [dataset.get_data_info(i)]
              for v in _frame_labels(frame)]
    assert labels and {names[v] for v in labels} == {'Car'}


def _frame_labels(video):
    for img in video['images']:
        yield from img['public_labels']
