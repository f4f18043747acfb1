import torch
import torch.nn.functional as F

from mmtrack_unsup.models.losses import CrossInputConsistencyLoss


def test_equals_cross_entropy_of_identity_and_abt_when_c_is_one():
    torch.manual_seed(0)
    a = torch.softmax(torch.randn(4, 6), 1)
    b = torch.softmax(torch.randn(4, 6), 1)
    loss = CrossInputConsistencyLoss(eps=0)(a, b)
    ce = F.nll_loss(torch.log(a @ b.T), torch.arange(4))
    assert torch.allclose(loss, ce)


def test_exact_value_with_mask_and_weight():
    a = torch.tensor([[0.5, 0.5, 0.0], [0.2, 0.2, 0.6]])
    b = torch.tensor([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])
    c = torch.tensor([[1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    crit = CrossInputConsistencyLoss(eps=0, loss_weight=2.0)
    expected = 2.0 * -(torch.log(torch.tensor(0.25)) +
                       torch.log(torch.tensor(0.2))) / 2
    assert torch.allclose(crit(a, b, c), expected)
    # padded rows carry weight 0
    w = torch.tensor([1.0, 0.0])
    assert torch.allclose(crit(a, b, c, weight=w, avg_factor=1),
                          2.0 * -torch.log(torch.tensor(0.25)))


def test_consistent_confident_matrices_have_zero_loss():
    eye = torch.eye(3)
    assert CrossInputConsistencyLoss(eps=0)(eye, eye).item() == 0
