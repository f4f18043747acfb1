import torch

from mmtrack_unsup.models.association import (handoff_product,
                                              transition_matrix)


def test_rows_and_columns_sum_to_at_most_one():
    torch.manual_seed(0)
    m = transition_matrix(torch.randn(5, 7) * 3)
    assert (m.sum(0) <= 1 + 1e-6).all() and (m.sum(1) <= 1 + 1e-6).all()
    assert (m >= 0).all()


def test_two_tracks_on_one_detection_get_at_most_half():
    # both tracks score detection 0 far above anything else
    scores = torch.tensor([[10.0, 0.0, 0.0], [10.0, 0.0, 0.0]])
    m = transition_matrix(scores)
    assert torch.allclose(m[:, 0], torch.tensor([0.5, 0.5]), atol=1e-4)
    # a unique best match keeps its probability
    m = transition_matrix(torch.tensor([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0]]))
    assert (m[[0, 1], [0, 1]] > 0.99).all()


def test_exact_values_of_eq1():
    # exp(S) = [[3, 1, 1], [1, 1, 2], [3, 1, 1]] (last column: absent).
    # Row softmax: [.6, .2, .2], [.25, .25, .5], [.6, .2, .2]; column
    # softmax: [3/7, 1/7, 3/7], [1/3] * 3, [1/4, 1/2, 1/4]; M is their
    # minimum, computed by hand (issue 14: not with the code's expression).
    s = torch.log(torch.tensor([[3.0, 1, 1], [1, 1, 2], [3, 1, 1]]))
    expected = torch.tensor([[3 / 7, 0.2, 0.2], [1 / 7, 0.25, 0.5],
                             [3 / 7, 0.2, 0.2]])
    assert torch.allclose(transition_matrix(s), expected, atol=1e-6)


def test_padding_is_ignored():
    torch.manual_seed(1)
    s = torch.randn(1, 3, 4)
    full = transition_matrix(s[:, :2, [0, 1, 3]])
    padded = transition_matrix(s, torch.tensor([[True, True, False]]),
                               torch.tensor([[True, True, False]]))
    assert torch.allclose(padded[:, :2, [0, 1, 3]], full, atol=1e-6)
    assert (padded[:, 2] == 0).all() and (padded[:, :, 2] == 0).all()


def test_handoff_product_by_hand():
    # 2 tracks -> 2 detections of Ih -> 1 detection of In (absent last)
    m1 = torch.tensor([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1]])
    m2 = torch.tensor([[0.9, 0.1], [0.5, 0.5]])
    # via Ih: [.8*.9 + .1*.5, .8*.1 + .1*.5] = [.77, .13],
    #         [.1*.9 + .8*.5, .1*.1 + .8*.5] = [.49, .41]; absent adds m1's
    expected = torch.tensor([[0.77, 0.23], [0.49, 0.51]])
    assert torch.allclose(handoff_product(m1, m2), expected, atol=1e-6)


def test_handoff_product_can_keep_the_absent_column_at_most_one():
    """Both tracks half absent at Ih, and the one Ih detection absent at In:
    the absent column sums to 2 (issue 14); with cap_absent it is scaled
    to 1, as Eq. 1 bounds every column."""
    m1 = torch.tensor([[0.5, 0.5], [0.5, 0.5]])
    m2 = torch.tensor([[0.0, 1.0]])
    plain = handoff_product(m1, m2)
    assert torch.allclose(plain, torch.tensor([[0.0, 1.0], [0.0, 1.0]]))
    capped = handoff_product(m1, m2, cap_absent=True)
    assert torch.allclose(capped, torch.tensor([[0.0, 0.5], [0.0, 0.5]]))
