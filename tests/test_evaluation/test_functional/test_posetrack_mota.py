"""PoseTrack MOTA (per-joint CLEAR MOT at PCKh 0.5) against counts worked
out by hand."""
import numpy as np
import pytest

from mmtrack_unsup.evaluation.functional import (JointFrame, head_size,
                                                 posetrack_mota)

# head box 30 x 40: diagonal 50, head size 30, match radius 15 px
HEAD = [0, 0, 30, 40]


def _frame(gt, pred):
    """gt / pred: {track id: [(x, y) or None per joint]} for 2 joints."""
    def pack(people):
        ids = np.array(list(people), dtype=int)
        kpts = np.zeros((len(ids), 2, 2))
        vis = np.zeros((len(ids), 2), dtype=bool)
        for i, joints in enumerate(people.values()):
            for j, xy in enumerate(joints):
                if xy is not None:
                    kpts[i, j], vis[i, j] = xy, True
        return ids, kpts, vis
    gi, gk, gv = pack(gt)
    pi, pk, pv = pack(pred)
    return JointFrame(gi, gk, gv, np.array([HEAD] * len(gi)).reshape(-1, 4),
                      pi, pk, pv)


# People A (1), B (2); predicted tracks p (7), q (8).
VIDEO = [
    # joint 0: A-p match (5 px), q 20 px from B (no match): B missed, q FP;
    # joint 1: A-p match
    _frame({1: [(0, 0), (0, 50)], 2: [(100, 0), None]},
           {7: [(3, 4), (0, 50)], 8: [(100, 20), None]}),
    # joint 0: A-q and B-p: A switches from p to q, B's first match;
    # joint 1: A-p again
    _frame({1: [(0, 0), (0, 50)], 2: [(100, 0), None]},
           {7: [(100, 1), (0, 50)], 8: [(1, 0), None]}),
    # nobody predicted
    _frame({1: [(0, 0), (0, 50)], 2: [(100, 0), None]}, {}),
    # the last frame: joint 0 A-p (A's last match was q: a switch); joint 1
    # p where A is not annotated: FP
    _frame({1: [(0, 0), None]}, {7: [(0, 0), (0, 50)]}),
]


def test_head_size_is_0_6_of_the_head_diagonal():
    assert head_size([HEAD, [10, 10, 16, 18]]).tolist() == \
        pytest.approx([30.0, 6.0])


def test_mota_by_hand_as_poseval():
    """Last frame left out; the empty frame scores one placeholder miss and
    one placeholder FP per joint.
    joint 0: objects 2 + 2 + 1, misses 1 + 0 + 1, FP 1 + 0 + 1, switches 1:
    MOTA 1 - 5/5 = 0. joint 1: objects 1 + 1 + 1, one miss and one FP (the
    placeholder): 1 - 2/3."""
    out = posetrack_mota([VIDEO], num_joints=2)
    assert out['num_objects'].tolist() == [5, 3]
    assert out['num_misses'].tolist() == [2, 1]
    assert out['num_false_positives'].tolist() == [2, 1]
    assert out['num_switches'].tolist() == [1, 0]
    assert out['mota'] == pytest.approx([0.0, 1 / 3])
    assert out['total'] == pytest.approx(1 / 6)


def test_mota_by_hand_without_poseval_details():
    """Every frame, real objects only.
    joint 0: objects 2 + 2 + 2 + 1 = 7, misses 1 + 0 + 2 + 0, FP 1, switches
    1 + 1: 1 - 6/7. joint 1: objects 3, misses 1 (frame 2), FP 1 (frame 3):
    1 - 2/3."""
    out = posetrack_mota([VIDEO], num_joints=2, skip_last_frame=False,
                         empty_frame_placeholder=False)
    assert out['num_objects'].tolist() == [7, 3]
    assert out['num_misses'].tolist() == [3, 1]
    assert out['num_false_positives'].tolist() == [1, 1]
    assert out['num_switches'].tolist() == [2, 0]
    assert out['mota'] == pytest.approx([1 / 7, 1 / 3])
    assert out['total'] == pytest.approx((1 / 7 + 1 / 3) / 2)


def test_identities_do_not_carry_across_videos_and_radius_is_pckh():
    """A matched to q in one video and to p in the next is no switch; a
    prediction 15.1 px away (> 0.5 head sizes) is a miss and an FP."""
    first = [_frame({1: [(0, 0), None]}, {8: [(0, 0), None]})]
    second = [_frame({1: [(0, 0), None]}, {7: [(0, 15.1), None]}),
              _frame({1: [(0, 0), None]}, {7: [(0, 0), None]})]
    out = posetrack_mota([first, second], num_joints=2,
                         skip_last_frame=False)
    assert out['num_switches'].tolist() == [0, 0]
    assert out['num_misses'].tolist() == [1, 0]
    assert out['num_false_positives'].tolist() == [1, 0]
    assert out['mota'][0] == pytest.approx(1 - 2 / 3)
    assert np.isnan(out['mota'][1])  # joint 1 never annotated
    assert out['total'] == pytest.approx(1 / 3)


def test_negative_track_ids_are_refused():
    with pytest.raises(ValueError, match='video 0 frame 1: pred_ids'):
        posetrack_mota([[VIDEO[0], _frame({1: [(0, 0), None]},
                                          {-1: [(0, 0), None]})]], 2)


def test_only_the_given_joints_are_scored():
    """With the empty frame's placeholders, an unannotated joint would get
    a miss and a false positive; scoring joint 0 only leaves joint 1
    out."""
    out = posetrack_mota([VIDEO], num_joints=2, joints=[0])
    assert out['num_objects'].tolist() == [5, 0]
    assert np.isnan(out['mota'][1])
    assert out['total'] == pytest.approx(0.0)
