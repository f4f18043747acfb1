"""Eq. 7-8 of SOLO-Track on hand-made affinities."""
import math

import pytest
import torch

from mmtrack_unsup.models.losses import (CycleConsistencyLoss,
                                         cycle_consistency_loss)
from mmtrack_unsup.models.losses.cycle_consistency_loss import (
    chain, cycle_cross_entropy, transition_matrix)


def test_transition_is_the_row_softmax_of_dot_products():
    a = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
    b = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    got = transition_matrix(a, b)
    # row 0: dots 1, 0, 1; row 1: dots 0, 2, 2
    e = math.e
    want = torch.tensor([[e, 1, e], [1, e**2, e**2]])
    want = want / want.sum(1, keepdim=True)
    assert torch.allclose(got, want)
    assert torch.allclose(transition_matrix(a, b, 0.5),
                          torch.softmax(a @ b.t() * 2, 1))


def test_chain_of_permutations_returns_home():
    """Eq. 7 on permutation matrices: the chain is their product, and going
    back along the transposes gives the identity cycle, whose CE is 0."""
    p1 = torch.eye(3)[[1, 2, 0]]
    p2 = torch.eye(3)[[2, 0, 1]]
    there = chain([p1, p2])
    assert torch.equal(there, p1 @ p2)
    back = chain([p2.t(), p1.t()])
    assert torch.equal(there @ back, torch.eye(3))
    assert cycle_cross_entropy(there @ back).item() == 0.0


def test_swap_gives_a_known_cross_entropy():
    """Hand-made round trip where instance 0 returns with probability 0.8
    and instance 1 with 0.3: CE = -(log 0.8 + log 0.3) / 2."""
    cycle = torch.tensor([[0.8, 0.2], [0.7, 0.3]])
    want = -(math.log(0.8) + math.log(0.3)) / 2
    assert cycle_cross_entropy(cycle).item() == pytest.approx(want)


def test_eq8_by_hand_on_two_frames():
    """Two frames of two instances with embeddings chosen so that
    A_0^1 = [[a, 1-a], [1-a, a]]: A_1^0 is the same matrix (symmetric dot
    products), the round trip's diagonal is a^2 + (1-a)^2."""
    f0 = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    f1 = torch.tensor([[2.0, 0.0], [0.0, 2.0]])
    a = math.exp(2) / (math.exp(2) + 1)  # softmax of dots (2, 0)
    stay = a * a + (1 - a) * (1 - a)
    got = cycle_consistency_loss([f0, f1])
    assert got.item() == pytest.approx(-math.log(stay), rel=1e-6)


def test_eq8_by_hand_on_an_asymmetric_pair():
    """2 instances, then 3: A_0^1 (2x3) and A_1^0 (3x2) are different
    row-softmaxes, so a cycle built from A_0^1 and its transpose, or with
    the chain in the wrong order, gives another value (issue 35, item 8).
    Dots f0 . f1: [[1, 0, 0], [0, 0, 2]]."""
    f0 = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    f1 = torch.tensor([[1.0, 0.0], [0.0, 0.0], [0.0, 2.0]])
    e, e2 = math.e, math.e**2
    forward = [[e / (e + 2), 1 / (e + 2), 1 / (e + 2)],
               [1 / (2 + e2), 1 / (2 + e2), e2 / (2 + e2)]]
    backward = [[e / (e + 1), 1 / (e + 1)], [0.5, 0.5],
                [1 / (1 + e2), e2 / (1 + e2)]]
    stay = [sum(forward[i][j] * backward[j][i] for j in range(3))
            for i in range(2)]
    want = -(math.log(stay[0]) + math.log(stay[1])) / 2
    assert cycle_consistency_loss([f0, f1]).item() == pytest.approx(
        want, rel=1e-6)
    # the transposed cycle (forward's transpose as the way back) differs
    a01 = transition_matrix(f0, f1)
    assert cycle_cross_entropy(a01 @ a01.t()).item() != pytest.approx(
        want, rel=1e-3)


def test_three_frames_one_full_cycle_or_the_average_of_all_lengths():
    """The paper's Eq. 8 is one cycle through the group (k = 2 of 3
    frames); cycle_lengths='all' averages k = 1 and k = 2."""
    torch.manual_seed(0)
    frames = [torch.randn(3, 4), torch.randn(2, 4), torch.randn(4, 4)]
    f01 = torch.softmax(frames[0] @ frames[1].t(), 1)
    f12 = torch.softmax(frames[1] @ frames[2].t(), 1)
    b10 = torch.softmax(frames[1] @ frames[0].t(), 1)
    b21 = torch.softmax(frames[2] @ frames[1].t(), 1)
    k1 = -torch.log(torch.diagonal(f01 @ b10)).mean()
    k2 = -torch.log(torch.diagonal(f01 @ f12 @ b21 @ b10)).mean()
    assert torch.allclose(cycle_consistency_loss(frames), k2)
    got = cycle_consistency_loss(frames, cycle_lengths='all')
    assert torch.allclose(got, (k1 + k2) / 2)
    module = CycleConsistencyLoss(cycle_lengths='all')
    assert torch.allclose(module([frames], frames[0]), (k1 + k2) / 2)
    assert torch.allclose(CycleConsistencyLoss()([frames], frames[0]), k2)
    # two frames (the shipped configs, Table 2's best): the same loss
    two = frames[:2]
    assert torch.equal(cycle_consistency_loss(two),
                       cycle_consistency_loss(two, cycle_lengths='all'))
    with pytest.raises(ValueError, match='cycle_lengths'):
        CycleConsistencyLoss(cycle_lengths='some')


def test_distinct_embeddings_cost_less_than_identical_ones():
    same = [torch.ones(3, 4), torch.ones(3, 4)]
    apart = [torch.eye(3, 4) * 5, torch.eye(3, 4) * 5]
    # identical embeddings: every transition uniform, CE = log 3
    assert cycle_consistency_loss(same).item() == pytest.approx(math.log(3))
    assert cycle_consistency_loss(apart) < 0.01


def test_module_skips_clips_without_a_cycle_and_weights():
    loss = CycleConsistencyLoss(loss_weight=2.0)
    good = [torch.ones(3, 4), torch.ones(3, 4)]
    empty = [torch.ones(2, 4), torch.ones(0, 4)]
    assert loss([good, empty], good[0]).item() == pytest.approx(
        2 * math.log(3))
    ref = torch.ones(2, requires_grad=True)
    zero = loss([empty], ref)
    assert zero.item() == 0.0 and zero.requires_grad
    with pytest.raises(ValueError, match='>= 2 frames'):
        cycle_consistency_loss([torch.ones(2, 4)])
