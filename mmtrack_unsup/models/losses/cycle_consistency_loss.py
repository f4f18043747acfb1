"""Instance-level cycle consistency over unlabeled frames (SOLO-Track, Fu et
al., CVPR 2021, Sec. 3.4, Eq. 7-8)."""
from typing import List, Sequence

import torch
from mmdet.registry import MODELS
from torch import Tensor, nn


def transition_matrix(source: Tensor, target: Tensor,
                      temperature: float = 1.0) -> Tensor:
    """``A_t^{t+1}`` (P x Q): the probability that instance i of one frame
    is instance j of the next, a softmax over j of the dot products of their
    embeddings (the similarity of Eq. 3) divided by ``temperature``."""
    return torch.softmax(source @ target.t() / temperature, dim=1)


def chain(transitions: Sequence[Tensor]) -> Tensor:
    """Eq. 7: ``A_t^{t+k} = prod_{i=0}^{k-1} A_{t+i}^{t+i+1}``."""
    out = transitions[0]
    for step in transitions[1:]:
        out = out @ step
    return out


def cycle_cross_entropy(cycle: Tensor) -> Tensor:
    """Eq. 8's ``CE(M, I)`` for a row-stochastic P x P round trip M: the
    mean over instances of ``-log M_ii``."""
    return -torch.log(cycle.diagonal().clamp(min=1e-12)).mean()


CYCLE_LENGTHS = ('full', 'all')


def cycle_consistency_loss(frames: List[Tensor],
                           temperature: float = 1.0,
                           cycle_lengths: str = 'full') -> Tensor:
    """Eq. 8, ``CE(A_0^k A_k^0, I)``, of an n-frame clip, both chains built
    by Eq. 7 from the step transitions (forward ``A_t^{t+1}``, backward
    ``A_{t+1}^t``).

    Args:
        frames (list[Tensor]): ``(P_t, D)`` embeddings of the valid
            instances of each frame, in time order; every P_t > 0.
        temperature (float): Softmax temperature of the transitions.
        cycle_lengths (str): ``'full'``: the paper's one cycle through the
            whole group of sampled frames, k = n - 1. ``'all'``: the mean of
            the cycles of every length k = 1..n-1 from the first frame (a
            deviation: every intermediate frame then also anchors a cycle of
            its own, so a clip's shorter, less noisy round trips count as
            well; the paper's Table 2 finds two frames best, where both are
            the same).
    """
    if len(frames) < 2:
        raise ValueError(f'a cycle needs >= 2 frames, got {len(frames)}')
    if cycle_lengths not in CYCLE_LENGTHS:
        raise ValueError(f'cycle_lengths must be one of {CYCLE_LENGTHS}, '
                         f'got {cycle_lengths!r}')
    forward = [transition_matrix(a, b, temperature)
               for a, b in zip(frames[:-1], frames[1:])]
    backward = [transition_matrix(b, a, temperature)
                for a, b in zip(frames[:-1], frames[1:])]
    lengths = (range(1, len(frames)) if cycle_lengths == 'all' else
               [len(frames) - 1])
    losses = []
    for k in lengths:
        there = chain(forward[:k])  # A_0^k
        back = chain(backward[:k][::-1])  # A_k^0 = A_k^{k-1} ... A_1^0
        losses.append(cycle_cross_entropy(there @ back))
    return torch.stack(losses).mean()


@MODELS.register_module()
class CycleConsistencyLoss(nn.Module):
    """L^cyc (Eq. 8) of a batch of clips, averaged over the clips that have
    valid instances in every frame (a clip with a frame without any has no
    cycle and is skipped).

    Args:
        temperature (float): Softmax temperature of the transitions; 1 is
            the paper's similarity (Eq. 3). Defaults to 1.
        loss_weight (float): Weight of the loss. Defaults to 1.
        cycle_lengths (str): ``'full'`` (default, the paper's Eq. 8: one
            cycle through all the clip's frames) or ``'all'`` (the mean over
            the cycle lengths 1..n-1; see :func:`cycle_consistency_loss`).
    """

    def __init__(self, temperature: float = 1.0,
                 loss_weight: float = 1.0,
                 cycle_lengths: str = 'full') -> None:
        super().__init__()
        if cycle_lengths not in CYCLE_LENGTHS:
            raise ValueError(f'cycle_lengths must be one of {CYCLE_LENGTHS},'
                             f' got {cycle_lengths!r}')
        self.temperature = temperature
        self.loss_weight = loss_weight
        self.cycle_lengths = cycle_lengths

    def forward(self, clips: List[List[Tensor]],
                reference: Tensor) -> Tensor:
        """``clips``: per clip, the frames' ``(P_t, D)`` valid embeddings;
        ``reference``: any tensor of the graph, for a zero loss that still
        reaches the parameters when no clip has a cycle."""
        losses = [cycle_consistency_loss(c, self.temperature,
                                         self.cycle_lengths)
                  for c in clips if all(len(f) for f in c)]
        if not losses:
            return reference.sum() * 0
        return self.loss_weight * torch.stack(losses).mean()
