"""tools/dataset_converters/refine_detections.py (Tracktor++'s
pre-processing of MOT17's public detections, paper A Sec. 5) on a small
MOT17-format folder with a small random Faster R-CNN, then the MOT17
configs reading the refined file through ``public_det_refinement``."""
import json
import os.path as osp
import sys

import pytest
from mmdet.registry import DATASETS
from mmengine.config import Config

from conftest import REPO, write_tiny_faster_rcnn
from mmtrack_unsup.datasets.converters import convert_mot
from mmtrack_unsup.utils import DataFormatError

sys.path.insert(0, osp.join(REPO, 'tools', 'dataset_converters'))

BYTETRACK = osp.join(REPO, 'configs', 'bytetrack',
                     'bytetrack_public-det_mot17-halfval.py')
CROSS_INPUT = osp.join(REPO, 'configs', 'cross_input',
                       'cross-input_visual-spatial_1xb8-40k_mot17.py')


def test_refined_file_is_written_and_read_by_the_mot17_configs(mot_root,
                                                               tmp_path):
    import refine_detections
    ann_dir = osp.join(mot_root, 'annotations')
    convert_mot(mot_root, ann_dir, subsets=('train', ), progress=False)
    raw = osp.join(ann_dir, 'train_detections.json')
    cfg = Config.fromfile(CROSS_INPUT)
    test = cfg.test_dataloader.dataset
    test.data_root = mot_root + '/'
    test.public_det_refinement = 'tracktor'
    # not written yet: the error names the command that writes it
    with pytest.raises(FileNotFoundError, match='refine_detections.py'):
        DATASETS.build(test)

    config, ckpt = write_tiny_faster_rcnn(str(tmp_path))
    # an untrained head scores people near 1/81: keep every box (score
    # threshold below 0) to see each refined, and NMS off
    assert refine_detections.main([
        raw, '--img-root', osp.join(mot_root, 'train'), '--det-config',
        config, '--det-checkpoint', ckpt, '--score-thr', '-1', '--nms-thr',
        '1.0', '--no-progress']) == 0
    refined_path = osp.join(ann_dir, 'train_detections_tracktor.json')
    before, after = (json.load(open(p)) for p in (raw, refined_path))
    assert after['images'] == before['images']
    assert after['videos'] == before['videos']
    assert after['info']['subset'] == before['info']['subset']
    assert after['info']['refined_from'] == 'train_detections.json'
    source = {a['id']: a for a in before['annotations']}
    assert sorted(a['source_id'] for a in after['annotations']) == \
        sorted(source)
    for ann in after['annotations']:
        old = source[ann['source_id']]
        assert ann['image_id'] == old['image_id']
        assert 0 <= ann['score'] <= 1  # the detector's probability
        # regressed from its public box, not a new box
        assert max(abs(a - b) for a, b in zip(ann['bbox'], old['bbox'])) \
            < 20
    dataset = DATASETS.build(test)
    assert dataset.detection_file == refined_path
    # the training clips read it too (here the train split stands in for
    # the unlabeled test split)
    train = cfg.train_dataloader.dataset
    train.update(data_root=mot_root + '/',
                 ann_file='annotations/train_detections.json',
                 data_prefix=dict(img_path='train'),
                 public_det_refinement='tracktor', clip_len=(2, 2))
    # the refined scores (~1/81, untrained) are all below the config's
    # det_score_thr: the error names the refined file it read
    with pytest.raises(DataFormatError,
                       match='train_detections_tracktor.json.*below'):
        DATASETS.build(train)
    train.det_score_thr = 0.0
    assert len(DATASETS.build(train)) > 0

    # Tracktor's thresholds: an untrained person score (~1/81) is not
    # above 0.5, so every box goes (the rule, not a silent loss)
    assert refine_detections.main([
        raw, '-o', str(tmp_path / 'strict.json'), '--img-root',
        osp.join(mot_root, 'train'), '--det-config', config,
        '--det-checkpoint', ckpt, '--no-progress']) == 0
    assert json.load(open(tmp_path / 'strict.json'))['annotations'] == []

    # every MOT17 config has the option, off by default
    for path in (BYTETRACK, CROSS_INPUT):
        c = Config.fromfile(path)
        assert c.test_dataloader.dataset.public_det_refinement is None
    assert Config.fromfile(CROSS_INPUT).train_dataloader.dataset \
        .public_det_refinement is None
