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


def test_embedding_breaks_ties_between_overlapping_candidates():
    # two candidates overlap the track equally (IoU 1/3 each); the one
    # whose embedding matches the prototype takes the track
    tracker = SpatialCategoryTracker(match_iou_thr=0.01, embedding_thr=0.7,
                                     embedding_weight=0.05)
    tracker.track(_frame(0, [[10, 0, 30, 10]], [0], [[1, 0]]))
    out = tracker.track(_frame(1, [[0, 0, 20, 10], [20, 0, 40, 10]], [0, 0],
                               [[0, 1], [1, 0]]))
    assert out.instances_id.tolist() == [1, 0]
    # without the embedding the tie goes to the solver's first choice
    baseline = SpatialCategoryTracker(match_iou_thr=0.01)
    baseline.track(_frame(0, [[10, 0, 30, 10]], [0]))
    out = baseline.track(_frame(1, [[0, 0, 20, 10], [20, 0, 40, 10]],
                                [0, 0]))
    assert out.instances_id.tolist() == [0, 1]


def test_embedding_weight_without_threshold_is_an_error():
    with pytest.raises(ValueError, match='embedding_weight needs'):
        SpatialCategoryTracker(embedding_weight=0.1)
