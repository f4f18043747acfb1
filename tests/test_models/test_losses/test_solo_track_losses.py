import math

import torch

from mmtrack_unsup.models.losses import InstanceContrastiveLoss, MaxEntropyLoss


def _one_image():
    # instance 0: cells [1, 0] and [3, 0] -> C0 = [2, 0]; instance 1: [0, 1]
    emb = torch.tensor([[1.0, 0.0], [3.0, 0.0], [0.0, 1.0]])
    return emb, torch.tensor([0, 0, 1])


def test_ic_exact_value():
    emb, ids = _one_image()
    s00 = math.exp(4) / (math.exp(4) + 1)  # C0.C0 = 4, C0.C1 = 0
    s11 = math.e / (math.e + 1)  # C1.C1 = 1
    ce = -(math.log(s00) + math.log(s11)) / 2
    for lam in (1.0, 0.5):
        loss = InstanceContrastiveLoss(lambda_contra=lam)(emb, ids)
        assert math.isclose(loss.item(), 2.0 + lam * ce, rel_tol=1e-6)


def test_ic_center_and_contrast_terms():
    emb, ids = _one_image()
    center_only = InstanceContrastiveLoss(lambda_contra=0.0)(emb, ids)
    assert math.isclose(center_only.item(), 2.0)  # |1-2| + |3-2| + 0
    # identical centres cannot be told apart: CE = log 2 per instance
    same = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    loss = InstanceContrastiveLoss()(same, torch.tensor([0, 1]))
    assert math.isclose(loss.item(), math.log(2), rel_tol=1e-6)


def test_ic_contrasts_within_each_image_only():
    emb, ids = _one_image()
    one = InstanceContrastiveLoss()(emb, ids)
    two = InstanceContrastiveLoss()(
        torch.cat([emb, emb]), torch.cat([ids, ids + 2]),
        image_ids=torch.tensor([0, 0, 0, 1, 1, 1]))
    assert math.isclose(two.item(), 2 * one.item(), rel_tol=1e-6)
    # no instances: zero loss that still has a graph
    empty = InstanceContrastiveLoss()(torch.zeros(0, 2, requires_grad=True),
                                      torch.zeros(0, dtype=torch.long))
    assert empty.item() == 0 and empty.requires_grad


def test_me_exact_value():
    centers = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    s01, s10 = 1 / (math.exp(4) + 1), 1 / (math.e + 1)
    expected = s01 * math.log(s01) + s10 * math.log(s10)  # = -H
    assert math.isclose(MaxEntropyLoss()(centers).item(), expected,
                        rel_tol=1e-6)


def test_me_is_maximal_for_uniform_off_diagonal_similarities():
    def bound(sii, k):  # -H of a row when its off-diagonal mass is uniform
        return (1 - sii) * math.log((1 - sii) / (k - 1))

    k = 4
    simplex = 2 * torch.eye(k)  # all pairs equally (dis)similar
    s_ii = math.exp(4) / (math.exp(4) + k - 1)
    loss = MaxEntropyLoss(reduction='none')(simplex)
    assert torch.allclose(loss, torch.full((k, ), bound(s_ii, k)),
                          atol=1e-6)
    torch.manual_seed(0)
    for _ in range(20):  # any other configuration has lower entropy
        centers = torch.randn(k, 3)
        rows = MaxEntropyLoss(reduction='none')(centers)
        sim = torch.softmax(centers @ centers.T, 1)
        for i in range(k):
            assert rows[i] >= bound(sim[i, i].item(), k) - 1e-6


def test_me_literal_eq6_pulls_the_diagonal_down_for_4_instances():
    """-m log(m / 3) over the off-diagonal mass m peaks at m = 3 / e > 1:
    Eq. 6 as written rewards S_ii -> 0."""
    k = 4
    sharp, flat = 4 * torch.eye(k), 0.5 * torch.eye(k)
    literal = MaxEntropyLoss(reduction='none')
    assert (literal(flat) < literal(sharp)).all()  # lower S_ii, lower loss
    renorm = MaxEntropyLoss(reduction='none', renormalise=True)
    # renormalised, both are uniform over the other 3: -log 3, whatever S_ii
    for centers in (sharp, flat):
        assert torch.allclose(renorm(centers),
                              torch.full((k, ), -math.log(3)), atol=1e-6)


def test_me_renormalised_exact_value():
    centers = torch.tensor([[2.0, 0.0], [0.0, 1.0], [1.0, 1.0],
                            [3.0, 0.0]])
    image_ids = torch.tensor([0, 0, 0, 1])  # the 4th is alone
    # row 0: logits to 1 and 2 are 0 and 2 -> q = (1, e^2) / (1 + e^2)
    q = [1 / (1 + math.e**2), math.e**2 / (1 + math.e**2)]
    row0 = sum(p * math.log(p) for p in q)
    # row 1: logits 0 and 1; row 2: logits 2 and 1
    q1 = [1 / (1 + math.e), math.e / (1 + math.e)]
    row1 = sum(p * math.log(p) for p in q1)
    rows = MaxEntropyLoss(reduction='none', renormalise=True)(centers,
                                                              image_ids)
    assert torch.allclose(rows, torch.tensor([row0, row1, row1, 0.0]),
                          atol=1e-6)
