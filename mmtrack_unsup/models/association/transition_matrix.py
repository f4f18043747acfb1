"""The transition matrix of cross-input consistency (Bastani et al., Eq. 1)."""
from typing import Optional

import torch
from torch import Tensor


def transition_matrix(scores: Tensor,
                      track_mask: Optional[Tensor] = None,
                      det_mask: Optional[Tensor] = None) -> Tensor:
    """M = min(row-softmax(S), column-softmax(S)), Eq. 1 of Sec. 3.2.

    The last column of ``scores`` is the *absent* column (the track is not
    visible in this frame). Eq. 1 applies to it like to any column, so its
    mass over all tracks is at most 1 as well: without that, a model reaches
    perfect consistency by calling every track absent (we observed exactly
    this collapse), which the paper's loss is designed to prevent. Every row
    and column of M sums to at most 1, and two tracks that both match one
    detection get at most 0.5 each.

    Args:
        scores (Tensor): ``(..., T, N + 1)`` match scores, any real numbers.
        track_mask (Tensor, optional): ``(..., T)`` bool, False for padded
            tracks (batching clips of different sizes).
        det_mask (Tensor, optional): ``(..., N)`` bool, False for padded
            detections.

    Returns:
        Tensor: ``(..., T, N + 1)``; padded entries are 0.
    """
    num_dets = scores.shape[-1] - 1
    valid = torch.ones_like(scores, dtype=torch.bool)
    if det_mask is not None:
        valid[..., :num_dets] &= det_mask.unsqueeze(-2)
    if track_mask is not None:
        valid &= track_mask.unsqueeze(-1)
    masked = scores.masked_fill(~valid, float('-inf'))
    m = torch.minimum(torch.softmax(masked, dim=-1),
                      torch.softmax(masked, dim=-2))
    # rows/columns that are entirely padding give NaN in softmax
    return torch.nan_to_num(m, nan=0.0).masked_fill(~valid, 0.0)


def handoff_product(m_first: Tensor, m_second: Tensor,
                    cap_absent: bool = False) -> Tensor:
    """M(0, n) = M(0, h) M(h, n) of the RNN hand-off (Sec. 4.2).

    A track of I0 reaches a detection of In through a detection of Ih; it
    is absent at In if it was absent at Ih or its Ih detection is absent at
    In. Each factor's absent column sums to at most 1 over tracks (Eq. 1),
    but the sum of the two can reach 2, which weakens what Eq. 1 buys
    against the "every track absent" solution. With ``cap_absent`` the
    absent column of the product is divided by its sum where that exceeds
    1; off by default, because it starves the gradient (measured, see
    ``CrossInputConsistency(cap_handoff_absent=...)``).

    Args:
        m_first (Tensor): ``(T, H + 1)``, tracks of I0 to detections of Ih,
            absent last.
        m_second (Tensor): ``(H, N + 1)``, detections of Ih to those of In.
        cap_absent (bool): Keep the absent column's sum at most 1.

    Returns:
        Tensor: ``(T, N + 1)``.
    """
    m = m_first[:, :-1] @ m_second
    absent = m[:, -1:] + m_first[:, -1:]
    if cap_absent:
        absent = absent / absent.sum().clamp(min=1.0)
    return torch.cat([m[:, :-1], absent], dim=1)
