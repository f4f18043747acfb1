"""Identity bookkeeping shared by the trackers."""
from typing import Optional

import torch
from mmdet.models.trackers import BaseTracker
from mmengine.structures import InstanceData
from scipy.optimize import linear_sum_assignment
from torch import Tensor


def start_new_tracks(tracker: BaseTracker, ids: Tensor, scores: Tensor,
                     init_track_thr: float) -> Tensor:
    """Give unmatched instances (``ids == -1``) scoring at least
    ``init_track_thr`` fresh identities from ``tracker.num_tracks``.

    Returns:
        Tensor: ``ids`` (CPU, long) with the new identities filled in;
        instances that start no track keep -1.
    """
    new = (ids == -1) & (scores.cpu() >= init_track_thr)
    num = int(new.sum())
    ids[new] = ids.new_tensor(range(tracker.num_tracks,
                                    tracker.num_tracks + num))
    tracker.num_tracks += num
    return ids


def match_to_tracks(score: Tensor, accept: Tensor, memo_ids: list,
                    rejected: Optional[float] = None) -> Tensor:
    """One-to-one (Hungarian) assignment of instances (rows) to tracks
    (columns, in ``memo_ids`` order) maximising ``score`` over the pairs
    where ``accept`` is True.

    Rejected pairs are ruled out before solving, not after: otherwise the
    solver may give an instance a rejected track (for a higher total score)
    while an accepted one was free, and the instance starts a new identity
    (measured on the synthetic VIS tuning videos: SOLO-Track with
    post-processing lost 4 AP to this).

    Args:
        score (Tensor): ``(N, T)`` pair scores, higher is better.
        accept (Tensor): ``(N, T)`` bool, pairs that may be matched.
        memo_ids (list): The tracks' identities.
        rejected (float, optional): The value a rejected pair adds to the
            objective. ``None`` (default) puts it below any combination of
            accepted pairs, so the most pairs are accepted, then the best
            total score (for scores without a natural zero, such as
            log-probabilities). With non-negative scores such as IoU,
            ``0.0`` maximises the total score of the accepted pairs, a
            rejected pair counting as two unmatched ones.

    Returns:
        Tensor: ``(N, )`` CPU long ids, -1 where unmatched.
    """
    ids = torch.full((score.shape[0], ), -1, dtype=torch.long)
    score = score.detach().cpu().double()
    accept = accept.cpu()
    if not accept.any():
        return ids
    if rejected is None:
        # worse than all accepted pairs together
        rejected = -(float(score[accept].abs().sum()) * 2 + 1)
    cost = -torch.where(accept, score, score.new_tensor(rejected))
    rows, cols = linear_sum_assignment(cost.numpy())
    for r, c in zip(rows, cols):
        if accept[r, c]:
            ids[r] = memo_ids[c]
    return ids


def keep_tracked(tracker: BaseTracker, inst: InstanceData, ids: Tensor,
                 frame_id: int, init_track_thr: float,
                 **memo_fields: str) -> InstanceData:
    """Start new tracks (:func:`start_new_tracks`), keep the instances that
    have an identity (as ``instances_id``) and store them in the tracker's
    memo: ``memo_fields`` maps a memo item to the instance field it holds,
    e.g. ``prototypes='embeddings'``."""
    ids = start_new_tracks(tracker, ids, inst.scores, init_track_thr)
    keep = ids >= 0
    out = inst[keep.to(inst.scores.device)]
    out.instances_id = ids[keep]
    tracker.update(ids=ids[keep], frame_ids=frame_id,
                   **{item: out.get(field)
                      for item, field in memo_fields.items()})
    return out
