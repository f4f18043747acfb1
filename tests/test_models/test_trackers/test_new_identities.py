import torch

from mmtrack_unsup.models.trackers.new_identities import match_to_tracks


def test_rejected_pairs_are_ruled_out_before_solving():
    # instance 0 overlaps track 10 (0.9) and, below threshold, track 11
    # (0.25); instance 1 overlaps track 10 (0.8) and not track 11.
    # Unconstrained, the solver prefers 0->11 + 1->10 (1.05 > 0.9), and
    # 0->11 would then be rejected. Within the accepted pairs, 0->10 wins.
    score = torch.tensor([[0.9, 0.25], [0.8, 0.0]])
    ids = match_to_tracks(score, score >= 0.3, [10, 11])
    assert ids.tolist() == [10, -1]


def test_most_accepted_pairs_first_then_highest_score():
    # 0->10 alone scores 5, but 0->11 + 1->10 keeps two tracks going
    score = torch.tensor([[5.0, 1.0], [1.0, -30.0]])
    accept = torch.tensor([[True, True], [True, False]])
    assert match_to_tracks(score, accept, [10, 11]).tolist() == [11, 10]
    assert match_to_tracks(score, torch.zeros(2, 2, dtype=torch.bool),
                           [10, 11]).tolist() == [-1, -1]


def test_rejected_pairs_can_count_as_unmatched():
    # with rejected=0 the total accepted IoU decides: 0->10 (0.9) beats
    # 0->11 + 1->10 (0.35 + 0.4), although the latter matches both
    iou = torch.tensor([[0.9, 0.35], [0.4, 0.0]])
    accept = iou >= 0.3
    assert match_to_tracks(iou, accept, [10, 11],
                           rejected=0.0).tolist() == [10, -1]
    assert match_to_tracks(iou, accept, [10, 11]).tolist() == [11, 10]
