import torch

from mmtrack_unsup.models.association import spatial_mask


def _b(*boxes):
    return torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)


def test_flood_fill_on_a_hand_made_sequence():
    boxes = [
        _b([0, 0, 10, 10], [50, 0, 60, 10]),  # I0: a (left), b (right)
        _b([5, 0, 15, 10], [52, 0, 62, 10]),  # I1: a moved, b moved
        _b([12, 0, 22, 10]),  # I2: only a's chain reaches; b missed
        _b([20, 0, 30, 10], [54, 0, 64, 10], [100, 100, 110, 110]),
    ]
    c = spatial_mask(boxes)
    # a reaches its box; b reaches its box through I1 (lookback over the
    # frame where it was missed); the far box is reachable from nobody
    assert c.tolist() == [[True, False, False], [False, True, False]]


def test_lookback_limits_the_gap():
    boxes = [_b([0, 0, 10, 10]), _b([100, 100, 101, 101]),
             _b([100, 100, 101, 101]), _b([2, 2, 8, 8])]
    assert spatial_mask(boxes, lookback=3).tolist() == [[True]]
    assert spatial_mask(boxes, lookback=2).tolist() == [[False]]


def test_touching_boxes_do_not_intersect():
    boxes = [_b([0, 0, 10, 10]), _b([10, 0, 20, 10])]
    assert spatial_mask(boxes).tolist() == [[False]]
