"""PoseTrack AP as poseval computes it, on hand-made frames."""
import math

import numpy as np
import pytest

from mmtrack_unsup.evaluation.functional import (JointFrame,
                                                 average_precision,
                                                 posetrack_ap)

HEAD = [0, 0, 6, 8]  # diagonal 10 -> head size 6, PCKh radius 3


def _frame(gt, pred):
    """gt: [(joints (J, 2) with None = not annotated)]; pred: [(joints,
    scores)] with None = not predicted."""
    def arrays(people):
        j = 2
        pts = np.zeros((len(people), j, 2))
        vis = np.zeros((len(people), j), bool)
        for i, p in enumerate(people):
            for k, xy in enumerate(p):
                if xy is not None:
                    pts[i, k], vis[i, k] = xy, True
        return pts, vis
    g, gv = arrays(gt)
    p, pv = arrays([joints for joints, _ in pred])
    scores = np.array([s for _, s in pred], float).reshape(len(pred), 2)
    return JointFrame(gt_ids=np.arange(len(gt)), gt_keypoints=g,
                      gt_visible=gv, head_boxes=np.array([HEAD] * len(gt)),
                      pred_ids=np.arange(len(pred)), pred_keypoints=p,
                      pred_visible=pv, pred_scores=scores)


def test_voc_ap_by_hand():
    # ranked: TP, FP, TP against 2 positives: precision 1, 1/2, 2/3 at
    # recall 1/2, 1/2, 1 -> interpolated 1 * 1/2 + 2/3 * 1/2
    got = average_precision(np.array([0.9, 0.8, 0.7]), np.array([1, 0, 1]),
                            2)
    assert got == pytest.approx(0.5 + 1 / 3)
    assert average_precision(np.array([]), np.array([]), 3) == 0.0
    assert math.isnan(average_precision(np.array([0.5]), np.array([0]), 0))


def test_ap_by_hand_with_poseval_assignment():
    """Two annotated people, three predictions. Prediction 0 hits both
    joints of person 0; prediction 1 hits one joint of person 0 and none
    of person 1, so it also prefers person 0 and is then left out by it:
    its joints are false positives even where they hit. Prediction 2 hits
    person 1's joint 0 only."""
    frame = _frame(
        gt=[[(10, 10), (20, 20)], [(50, 50), (60, 60)]],
        pred=[([(11, 10), (20, 22)], [0.9, 0.6]),
              ([(10, 12), (40, 40)], [0.8, 0.7]),
              ([(50, 51), (70, 70)], [0.5, 0.4])])
    out = posetrack_ap([frame], num_joints=2)
    # joint 0: scores 0.9 TP, 0.8 FP, 0.5 TP; 2 annotated
    want0 = 0.5 * 1 + 0.5 * (2 / 3)
    # joint 1: 0.7 FP, 0.6 TP, 0.4 FP; 2 annotated -> recall 1/2 at
    # precision 1/2
    want1 = 0.5 * 0.5
    assert out['ap'] == pytest.approx([want0, want1])
    assert out['total'] == pytest.approx((want0 + want1) / 2)


def test_frames_without_people_and_unscored_joints():
    empty_gt = _frame(gt=[], pred=[([(1, 1), (2, 2)], [0.9, 0.9])])
    hit = _frame(gt=[[(1, 1), None]], pred=[([(1, 1), None], [0.5, 0])])
    out = posetrack_ap([empty_gt, hit], num_joints=2)
    # joint 0: 0.9 FP (no one there), 0.5 TP; 1 annotated -> 1/2
    assert out['ap'][0] == pytest.approx(0.5)
    # joint 1 is never annotated: not scored
    assert math.isnan(out['ap'][1]) and out['total'] == pytest.approx(0.5)
    only = posetrack_ap([hit], num_joints=2, joints=[1])
    assert math.isnan(only['ap'][0])
    frame = _frame(gt=[[(1, 1), (1, 1)]], pred=[])
    frame.pred_scores = None
    with pytest.raises(ValueError, match='pred_scores'):
        posetrack_ap([frame], num_joints=2)
