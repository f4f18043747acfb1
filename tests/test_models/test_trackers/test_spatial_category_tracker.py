import torch
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

from mmtrack_unsup.models.trackers import SpatialCategoryTracker


def _frame(t, boxes, labels):
    s = DetDataSample()
    s.set_metainfo(dict(frame_id=t))
    s.pred_instances = InstanceData(
        bboxes=torch.tensor(boxes, dtype=torch.float32),
        labels=torch.tensor(labels), scores=torch.full((len(boxes), ), 0.9))
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
