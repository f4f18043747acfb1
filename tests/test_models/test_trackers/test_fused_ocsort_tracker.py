"""FusedOCSORTTracker: OC-SORT exactly at cue_weight=0, OC-SORT's own cost
read back, and the learned cue deciding a crossing that IoU gets wrong."""
import numpy as np
import pytest
import torch
from mmdet.models.trackers import OCSORTTracker

import mmtrack_unsup.models  # noqa: F401 (registers the models)
from mmtrack_unsup.models.trackers import FusedOCSORTTracker
from test_fused_byte_tracker import (ColourEmbedding, _frame, _learned_model,
                                     _reappearance, _scene)

OCSORT = dict(obj_score_thr=0.3, init_track_thr=0.7,
              weight_iou_with_det_scores=True, match_iou_thr=0.3,
              num_tentatives=3, vel_consist_weight=0.2, vel_delta_t=3,
              num_frames_retain=30)


@pytest.mark.parametrize('cue', ['visual_only', 'embedding'])
@pytest.mark.parametrize('weight', [0.0, 1e-6])
def test_weight_zero_is_ocsort(cue, weight):
    model = _learned_model(cue)
    fused = FusedOCSORTTracker(cue=cue, cue_weight=weight,
                               motion=dict(type='KalmanFilter'), **OCSORT)
    oc = OCSORTTracker(motion=dict(type='KalmanFilter'), **OCSORT)
    rng = np.random.default_rng(3)
    for video in range(2):
        for t, frame in enumerate(_scene(rng)):
            ours = fused.track(_frame(t, *frame), model=model)
            theirs = oc.track(_frame(t, *frame))
            assert ours.instances_id.tolist() == \
                theirs.instances_id.tolist(), (video, t)
    assert fused.num_tracks == oc.num_tracks > 5


def test_ocsort_cost_is_read_back_and_lap_restored():
    import mmdet.models.trackers.ocsort_tracker as ocsort
    tracker = FusedOCSORTTracker(cue='embedding', cue_weight=0.5,
                                 motion=dict(type='KalmanFilter'), **OCSORT)
    model = ColourEmbedding()
    box = [10, 10, 30, 50]
    tracker.track(_frame(0, [box], [0.9], [[255, 0, 0]], size=4),
                  model=model)
    real = ocsort.lap
    dets = torch.tensor([box, [100, 10, 120, 50]], dtype=torch.float32)
    cost = tracker._ocsort_cost(OCSORTTracker.ocm_assign_ids.__get__(tracker),
                                [0], dets, torch.zeros(2, dtype=torch.long),
                                torch.tensor([0.8, 0.9]), True, 0.3)
    assert ocsort.lap is real
    # no velocity yet: 1 - IoU x score (the track's prediction is its box)
    np.testing.assert_allclose(cost, [[1 - 0.8, 1.0]], atol=1e-5)


def test_embedding_cue_decides_a_crossing():
    """Red left of blue for 3 frames, then the detections swap places,
    overlapping enough (IoU 0.54 x score 0.9) for OC-SORT to allow both
    pairings."""
    model = ColourEmbedding()
    red, blue = [255, 0, 0], [0, 0, 255]
    left, right = [10, 10, 30, 50], [16, 10, 36, 50]

    def run(**kw):
        tracker = FusedOCSORTTracker(cue='embedding',
                                     motion=dict(type='KalmanFilter'),
                                     **OCSORT, **kw)
        ids = []
        for t in range(4):
            places = [left, right] if t < 3 else [right, left]
            ids.append(tracker.track(_frame(t, places, [0.9, 0.9],
                                            [red, blue], size=4),
                                     model=model).instances_id.tolist())
        assert ids[:3] == [[0, 1]] * 3
        return ids

    assert run(cue_weight=0.0)[3] == [1, 0]  # OC-SORT follows the places
    assert run(cue_weight=0.5)[3] == [0, 1]  # the colours follow the people


def test_reid_rejoins_a_track_inside_its_kalman_gate():
    """As for FusedByteTracker, with a person who sped up while hidden
    (OC-SORT's recovery from the last observation rejoins one who stopped):
    the embedding gives the identity back, inside OC-SORT's Kalman gate
    only, and not to another colour."""
    model = ColourEmbedding()
    red, blue = [255, 0, 0], [0, 0, 255]
    ahead = [70, 10, 90, 50]  # 10 px past the prediction, IoU 0

    def run(colour, box, **kw):
        tracker = FusedOCSORTTracker(cue='embedding', cue_weight=0.5,
                                     motion=dict(type='KalmanFilter'),
                                     **OCSORT, **kw)
        return _reappearance(tracker, model, colour, box)

    assert run(red, ahead) == 2
    assert run(red, ahead, reid_cosine_thr=0.8) == 0
    assert run(blue, ahead, reid_cosine_thr=0.8) == 2
    assert run(red, [25, 200, 45, 240], reid_cosine_thr=0.8) == 2
