"""Ground-truth identities for predicted masks or boxes (perfect
association)."""
import torch
from mmdet.structures.bbox import bbox_overlaps

# first id given to masks that overlap no ground-truth object: far from the
# ground-truth ids
FRESH_IDS = 10**6


def oracle_identities(pred, gt, gt_ids, next_id: int = FRESH_IDS,
                      min_iou: float = 0.1):
    """Ids for predictions: the id of the ground-truth object each overlaps
    most (IoU >= ``min_iou``), else a fresh id from ``next_id`` on.
    ``pred`` ``(N, H, W)`` and ``gt`` ``(M, H, W)`` are masks (VIS), or
    ``(N, 4)`` and ``(M, 4)`` boxes x1, y1, x2, y2 (MOT). Returns ``(ids,
    next_id)``."""
    pred, gt = torch.as_tensor(pred), torch.as_tensor(gt)
    boxes = pred.dim() == 2
    if boxes != (gt.dim() == 2):
        raise ValueError('pred and gt must both be masks (N, H, W) or both '
                         f'boxes (N, 4); got shapes {tuple(pred.shape)} and '
                         f'{tuple(gt.shape)}')
    if len(pred) and len(gt):
        best = _overlaps(pred, gt, boxes).max(1)
    ids = []
    for i in range(len(pred)):
        if len(gt) and best.values[i] >= min_iou:
            ids.append(int(gt_ids[best.indices[i]]))
        else:
            ids.append(next_id)
            next_id += 1
    return torch.tensor(ids, dtype=torch.long), next_id


def _overlaps(pred, gt, boxes: bool):
    """IoU of every prediction with every ground-truth object."""
    if boxes:
        return bbox_overlaps(pred.float(), gt.float())
    pred, gt = pred.bool().flatten(1), gt.bool().flatten(1)
    inter = (pred[:, None] & gt[None]).sum(-1).float()
    union = (pred[:, None] | gt[None]).sum(-1).float().clamp(min=1)
    return inter / union


def oracle_track_ids(object_ids: torch.Tensor, labels: torch.Tensor,
                     scores: torch.Tensor, memo: dict) -> torch.Tensor:
    """Track ids of perfect association for one frame's predictions.

    ``object_ids`` (from :func:`oracle_identities`) may repeat within a
    frame: SOLO predicts one object twice, often under two categories, and
    mmdet's YouTube-VIS formatting keeps only the last mask of an id in a
    frame, so scoring object ids directly drops predictions and is not an
    upper bound. Here a track is an (object, category, rank) triple, rank 0
    being the best-scoring prediction of that object and category in the
    frame: every prediction keeps its own id, and the same object under the
    same category keeps one id through the video, as a tracker that never
    errs would give it. ``memo`` maps triples to ids for the whole video
    (start each video with an empty dict); predictions of no object
    (``>= FRESH_IDS``) keep their fresh ids.
    """
    ids = object_ids.clone()
    order = torch.argsort(scores.cpu(), descending=True, stable=True)
    rank: dict = {}
    for i in order.tolist():
        obj = int(object_ids[i])
        if obj >= FRESH_IDS:
            continue
        key = (obj, int(labels[i]))
        triple = key + (rank.get(key, 0), )
        rank[key] = triple[2] + 1
        if triple not in memo:
            memo[triple] = len(memo)
        ids[i] = memo[triple]
    return ids
