"""PublicDetectionRefiner (Tracktor++'s pre-processing, paper A Sec. 5) with
a small randomly initialised Faster R-CNN (mmdet's config, R-18): the
public boxes are regressed by the box head and rescored, never replaced,
and dropped only by the score threshold or NMS."""
import math

import numpy as np
import pytest
import torch

from conftest import write_tiny_faster_rcnn
from mmtrack_unsup.models.detectors import PublicDetectionRefiner


@pytest.fixture(scope='module')
def detector(tmp_path_factory):
    return write_tiny_faster_rcnn(str(tmp_path_factory.mktemp('frcnn')))


# a 160 x 96 frame: the test pipeline doubles it, so boxes are mapped into
# the network's input and back
IMG = np.random.default_rng(0).integers(0, 255, (96, 160, 3), np.uint8)


def _set_head(refiner, person_logit, person_deltas):
    """Make the box head's output constant: every class logit 0 but the
    person's, every regression 0 but the person's."""
    head = refiner.model.roi_head.bbox_head
    torch.nn.init.zeros_(head.fc_cls.weight)
    torch.nn.init.zeros_(head.fc_cls.bias)
    torch.nn.init.zeros_(head.fc_reg.weight)
    torch.nn.init.zeros_(head.fc_reg.bias)
    with torch.no_grad():
        head.fc_cls.bias[refiner.label] = person_logit
        head.fc_reg.bias[4 * refiner.label:4 * refiner.label + 4] = \
            torch.tensor(person_deltas)


def test_boxes_are_regressed_from_the_public_ones(detector):
    refiner = PublicDetectionRefiner(*detector, score_thr=0.5, nms_thr=None)
    # deltas (1, 0, log 2 / 0.2 ... ) with Faster R-CNN's stds (0.1, 0.1,
    # 0.2, 0.2): the centre moves by 0.1 of the width, the height doubles
    _set_head(refiner, 5.0, [1.0, 0.0, 0.0, math.log(2) / 0.2])
    boxes = np.array([[10, 20, 50, 60], [100, 10, 140, 30]], np.float32)
    refined, scores, index = refiner(IMG, boxes)
    assert sorted(index.tolist()) == [0, 1]
    expected = {0: [14, 0, 54, 80], 1: [104, 0, 144, 40]}
    for box, i in zip(refined, index):
        np.testing.assert_allclose(box, expected[i], atol=1e-3)
    # the person probability: softmax over 80 classes and background
    np.testing.assert_allclose(scores, math.exp(5) / (math.exp(5) + 80),
                               rtol=1e-5)
    # an untrained head (random weights) still moves each box only a little
    random = PublicDetectionRefiner(*detector, score_thr=-1, nms_thr=None)
    moved, _, index = random(IMG, boxes)
    assert len(moved) == 2
    assert np.abs(moved - boxes[index]).max() < 40
    assert not np.allclose(moved, boxes[index])


def test_boxes_drop_only_by_score_or_nms(detector):
    boxes = np.array([[10, 20, 50, 60], [12, 20, 52, 60],
                      [100, 10, 140, 30]], np.float32)
    refiner = PublicDetectionRefiner(*detector)  # Tracktor's 0.5 and 0.3
    _set_head(refiner, 5.0, [0.0, 0.0, 0.0, 0.0])
    refined, _, index = refiner(IMG, boxes)
    # boxes 0 and 1 overlap (IoU 0.9): NMS keeps one; box 2 stays
    assert len(index) == 2 and 2 in index.tolist()
    np.testing.assert_allclose(refined, boxes[index], atol=1e-3)
    refiner.nms_thr = None
    assert len(refiner(IMG, boxes)[2]) == 3
    # person probability 1/81 is not above 0.5: every box goes
    _set_head(refiner, 0.0, [0.0, 0.0, 0.0, 0.0])
    assert len(refiner(IMG, boxes)[2]) == 0
    assert len(refiner(IMG, np.zeros((0, 4)))[0]) == 0


def test_a_detector_without_the_class_or_box_head_is_refused(detector):
    with pytest.raises(ValueError, match="no class 'pedestrian'"):
        PublicDetectionRefiner(*detector, person_class='pedestrian')
