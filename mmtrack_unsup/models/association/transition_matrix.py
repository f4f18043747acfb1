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
