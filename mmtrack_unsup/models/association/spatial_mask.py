"""The flood-fill spatial mask C of cross-input consistency (Sec. 3.2)."""
from typing import List

import torch
from torch import Tensor


def _intersects(a: Tensor, b: Tensor) -> Tensor:
    """(Na, Nb) bool: boxes (x1, y1, x2, y2) overlap with positive area."""
    lt = torch.maximum(a[:, None, :2], b[None, :, :2])
    rb = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    return ((rb - lt) > 0).all(-1)


def spatial_mask(boxes: List[Tensor], lookback: int = 10) -> Tensor:
    """C(0,n): which detections of I0 can plausibly reach which of In.

    Label sets propagate from I0 to In: every detection of I0 starts with its
    own label; a detection of Ik takes the union of the labels of the
    detections in the ``lookback`` preceding frames whose boxes intersect it
    (several frames, because the detector may miss an object for a while).

    Args:
        boxes (list[Tensor]): Per frame I0..In, ``(N_k, 4)`` boxes in pixels
            (x1, y1, x2, y2). Artificial detections must not be included.
        lookback (int): Preceding frames considered (10 in the paper).

    Returns:
        Tensor: ``(N_0, N_n)`` bool; ``C[i, j]`` is True if the label of
        ``d0_i`` reached ``dn_j``.
    """
    labels = [torch.eye(len(boxes[0]), dtype=torch.bool,
                        device=boxes[0].device)]
    for k in range(1, len(boxes)):
        reached = torch.zeros(len(boxes[k]), len(boxes[0]), dtype=torch.bool,
                              device=boxes[0].device)
        for prev in range(max(0, k - lookback), k):
            if len(boxes[prev]) and len(boxes[k]):
                hit = _intersects(boxes[k], boxes[prev]).float()
                reached |= (hit @ labels[prev].float()) > 0
        labels.append(reached)
    return labels[-1].T
