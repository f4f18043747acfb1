import pytest
import torch

from mmtrack_unsup.evaluation import (FRESH_IDS, oracle_identities,
                                      oracle_track_ids)


def test_oracle_identities_follow_the_best_overlapping_object():
    gt = torch.zeros(2, 8, 8, dtype=torch.bool)
    gt[0, :4, :4] = True  # object 7
    gt[1, 4:, 4:] = True  # object 9
    pred = torch.zeros(4, 8, 8, dtype=torch.bool)
    pred[0, 4:, 4:7] = True  # most of object 9
    pred[1, :4, :3] = True  # most of object 7
    pred[2, :4, 4:] = True  # background only
    pred[3, :2, :2] = True  # a duplicate of object 7 (IoU 0.25)
    ids, nxt = oracle_identities(pred, gt, torch.tensor([7, 9]), 100)
    assert ids.tolist() == [9, 7, 100, 7] and nxt == 101
    ids, nxt = oracle_identities(pred[:1], gt[:0], torch.tensor([]), 5)
    assert ids.tolist() == [5] and nxt == 6


def test_oracle_identities_of_boxes():
    """MOT: boxes x1, y1, x2, y2 take the id of the box they overlap most."""
    gt = torch.tensor([[0., 0., 10., 10.], [20., 0., 30., 10.]])
    pred = torch.tensor([[21., 0., 30., 10.],  # object 9
                         [0., 1., 10., 10.],  # object 7
                         [50., 50., 60., 60.],  # nothing
                         [5., 0., 15., 10.]])  # IoU 0.33 with 7, 0 with 9
    ids, nxt = oracle_identities(pred, gt, torch.tensor([7, 9]), 100)
    assert ids.tolist() == [9, 7, 100, 7] and nxt == 101
    ids, _ = oracle_identities(pred, gt.new_zeros(0, 4), torch.tensor([]), 5)
    assert ids.tolist() == [5, 6, 7, 8]
    with pytest.raises(ValueError, match='must both be masks'):
        oracle_identities(pred, torch.zeros(2, 8, 8), torch.tensor([7, 9]))


def test_track_ids_keep_duplicates_apart_and_stable():
    memo = {}
    objects = torch.tensor([7, 7, 7, FRESH_IDS])
    labels = torch.tensor([0, 0, 2, 0])
    ids = oracle_track_ids(objects, labels, torch.tensor([0.4, 0.9, 0.5,
                                                          0.8]), memo)
    # by score: (7, 0, rank 0) is the 0.9 one, then (7, 2, 0), (7, 0, 1)
    assert ids.tolist() == [2, 0, 1, FRESH_IDS]
    ids = oracle_track_ids(torch.tensor([7, 9]), torch.tensor([2, 0]),
                           torch.tensor([0.3, 0.3]), memo)
    assert ids.tolist() == [1, 3]  # (7, 2, 0) again; (9, 0, 0) is new
