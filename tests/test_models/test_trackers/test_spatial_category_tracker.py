import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

from mmtrack_unsup.models.trackers import SpatialCategoryTracker


def _frame(t, boxes, labels, embeddings=None):
    s = DetDataSample()
    s.set_metainfo(dict(frame_id=t))
    s.pred_instances = InstanceData(
        bboxes=torch.tensor(boxes, dtype=torch.float32),
        labels=torch.tensor(labels), scores=torch.full((len(boxes), ), 0.9))
    if embeddings is not None:
        s.pred_instances.embeddings = torch.tensor(embeddings,
                                                   dtype=torch.float32)
    return s


def test_overlap_within_category():
    tracker = SpatialCategoryTracker(match_iou_thr=0.3)
    ids = tracker.track(_frame(0, [[0, 0, 10, 10], [20, 0, 30, 10]], [0, 1]))
    assert ids.instances_id.tolist() == [0, 1]
    # reordered and moved a little: same identities
    out = tracker.track(_frame(1, [[21, 0, 31, 10], [1, 0, 11, 10]], [1, 0]))
    assert out.instances_id.tolist() == [1, 0]
    # same place, other category: a new identity; far box: a new identity
    out = tracker.track(_frame(2, [[1, 0, 11, 10], [60, 60, 70, 70]], [1, 0]))
    assert out.instances_id.tolist() == [2, 3]


def test_embedding_cue_continues_a_track_without_overlap():
    # two objects of one category jump further than their size: no overlap
    first = _frame(0, [[0, 0, 10, 10], [40, 0, 50, 10]], [0, 0],
                   [[1, 0], [0, 1]])
    jumped = _frame(1, [[60, 0, 70, 10], [20, 0, 30, 10]], [0, 0],
                    [[0.1, 1], [1, 0.2]])
    baseline = SpatialCategoryTracker(match_iou_thr=0.01)
    baseline.track(first)
    assert baseline.track(jumped).instances_id.tolist() == [2, 3]
    tracker = SpatialCategoryTracker(match_iou_thr=0.01, embedding_thr=0.7,
                                     embedding_weight=0.05)
    tracker.track(first)
    # cosines 0.995 / 0.981 pass 0.7: each continues its own track
    assert tracker.track(jumped).instances_id.tolist() == [1, 0]
    # another category never continues a track, however similar
    other = _frame(2, [[60, 0, 70, 10]], [1], [[0.1, 1]])
    assert tracker.track(other).instances_id.tolist() == [2]


def test_embedding_decides_between_nearly_equal_overlaps():
    # candidate 0 overlaps the track with IoU 1/3, candidate 1 with
    # 110 / 290 = 0.379: by overlap alone candidate 1 takes the track; its
    # embedding is orthogonal to the prototype and candidate 0's equal, so
    # with the cue 1/3 + 0.05 = 0.383 > 0.379 and candidate 0 takes it
    boxes = [[0, 0, 20, 10], [19, 0, 39, 10]]
    baseline = SpatialCategoryTracker(match_iou_thr=0.01)
    baseline.track(_frame(0, [[10, 0, 30, 10]], [0]))
    assert baseline.track(_frame(1, boxes, [0, 0])).instances_id.tolist() \
        == [1, 0]
    tracker = SpatialCategoryTracker(match_iou_thr=0.01, embedding_thr=0.7,
                                     embedding_weight=0.05)
    tracker.track(_frame(0, [[10, 0, 30, 10]], [0], [[1, 0]]))
    out = tracker.track(_frame(1, boxes, [0, 0], [[1, 0], [0, 1]]))
    assert out.instances_id.tolist() == [0, 1]


def test_embedding_weight_without_threshold_is_an_error():
    with pytest.raises(ValueError, match='embedding_weight needs'):
        SpatialCategoryTracker(embedding_weight=0.1)
    # and the cue without embeddings (not a SOLO-Track head) says so
    tracker = SpatialCategoryTracker(embedding_thr=0.7)
    with pytest.raises(ValueError, match='pred_instances.embeddings'):
        tracker.track(_frame(0, [[0, 0, 10, 10]], [0]))
