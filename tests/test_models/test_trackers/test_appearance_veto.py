"""The appearance veto of the fused trackers: a track does not take a
neighbour's detection while its own object is missed, with the cosine
threshold learned online on the video (OnlineCosineCalibration)."""
import numpy as np
import pytest

import mmtrack_unsup.models  # noqa: F401 (registers the models)
from mmtrack_unsup.models.trackers import (FusedByteTracker,
                                           FusedOCSORTTracker)
from mmtrack_unsup.models.trackers.cosine_calibration import \
    OnlineCosineCalibration
from test_fused_byte_tracker import BYTETRACK, ColourEmbedding, _frame
from test_fused_ocsort_tracker import OCSORT

RED, BLUE, GREEN, YELLOW = [255, 0, 0], [0, 0, 255], [0, 255, 0], \
    [255, 255, 0]


def _hijack(tracker):
    """Red walks right 3 px a frame beside two people standing far away
    (the sure matches the veto learns from); in frame 8 red is missed and
    blue, who just arrived, is detected 6 px ahead of where red would be;
    in frame 9 both are detected. The identities given to blue in frame 8
    and to red and blue in frame 9 (red is 0)."""
    model = ColourEmbedding()
    standing = [[150, 55, 170, 95], [120, 120, 140, 160]]

    def red_box(t):
        return [10 + 3 * t, 10, 30 + 3 * t, 50]

    def blue_box(t):
        return [16 + 3 * t, 10, 36 + 3 * t, 50]

    def track(t, boxes, colours):
        out = tracker.track(_frame(t, boxes + standing, [0.9] * (
            len(boxes) + 2), colours + [GREEN, YELLOW], size=4),
                            model=model)
        return {tuple(b): int(i) for b, i in zip(
            out.bboxes.round().int().tolist(), out.instances_id)}

    for t in range(8):
        track(t, [red_box(t)], [RED])
    blue8 = track(8, [blue_box(8)], [BLUE])[tuple(blue_box(8))]
    ids9 = track(9, [red_box(9), blue_box(9)], [RED, BLUE])
    return blue8, ids9.get(tuple(red_box(9))), ids9.get(tuple(blue_box(9)))


@pytest.mark.parametrize('tracker_type,settings',
                         [(FusedByteTracker, BYTETRACK),
                          (FusedOCSORTTracker, OCSORT)])
def test_veto_keeps_a_track_off_its_neighbours_detection(tracker_type,
                                                         settings):
    def run(**kw):
        return _hijack(tracker_type(cue='embedding', cue_weight=0.5,
                                    motion=dict(type='KalmanFilter'),
                                    **settings, **kw))

    # motion alone: red's track takes blue's detection
    blue8, red9, blue9 = run()
    assert blue8 == 0 and red9 != 0
    # the veto (threshold learned from the sure matches of frames 0-7):
    # blue gets an identity of its own, red keeps red's
    blue8, red9, blue9 = run(veto_margin=0.5, veto_min_samples=5)
    assert blue8 == 3 and red9 == 0 and blue9 == 3
    # before enough sure matches are seen, nothing is vetoed
    assert run(veto_margin=0.5, veto_min_samples=1000)[0] == 0


def test_veto_needs_the_embedding_cue():
    with pytest.raises(ValueError, match='veto_margin'):
        FusedByteTracker(cue='visual_only', veto_margin=0.5,
                         motion=dict(type='KalmanFilter'))
    with pytest.raises(ValueError, match='veto_margin'):
        FusedOCSORTTracker(cue='embedding', cue_weight=0.0, veto_margin=0.5,
                           motion=dict(type='KalmanFilter'))


def test_calibration_threshold():
    rng = np.random.default_rng(0)
    calib = OnlineCosineCalibration(margin=0.5, min_samples=50)
    calib.add(rng.normal(0.98, 0.01, 40), rng.normal(0.7, 0.1, 100))
    assert calib.threshold() is None  # 40 same-object cosines < 50
    # between the medians; wrong sure matches among them do not move it
    calib.add(np.r_[rng.normal(0.98, 0.01, 160), np.full(10, 0.2)])
    assert calib.threshold() == pytest.approx((0.98 + 0.7) / 2, abs=0.02)
    low = OnlineCosineCalibration(margin=0.0, min_samples=2)
    low.add([1.0, 0.9, 0.95], [0.1, 0.3, 0.2])
    assert low.threshold() == pytest.approx(0.2)
    # a window keeps the most recent ones
    recent = OnlineCosineCalibration(margin=1.0, min_samples=2, window=3)
    recent.add([0.1, 0.1, 0.9, 0.9, 0.9], [0.0, 0.0])
    assert recent.threshold() == pytest.approx(0.9)
    with pytest.raises(ValueError, match='margin'):
        OnlineCosineCalibration(margin=1.5)
    with pytest.raises(ValueError, match='min_samples'):
        OnlineCosineCalibration(margin=0.5, min_samples=0)
