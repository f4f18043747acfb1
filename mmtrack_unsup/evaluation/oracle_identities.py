"""Ground-truth identities for predicted masks (perfect association)."""
import torch

# first id given to masks that overlap no ground-truth object: far from the
# ground-truth ids
FRESH_IDS = 10**6


def oracle_identities(pred_masks, gt_masks, gt_ids,
                      next_id: int = FRESH_IDS, min_iou: float = 0.1):
    """Ids for predicted masks ``(N, H, W)``: the id of the ground-truth
    mask ``(M, H, W)`` each overlaps most (mask IoU >= ``min_iou``), else a
    fresh id from ``next_id`` on. Returns ``(ids, next_id)``."""
    pred = torch.as_tensor(pred_masks).bool().flatten(1)
    gt = torch.as_tensor(gt_masks).bool().flatten(1)
    ids = []
    if len(pred) and len(gt):
        inter = (pred[:, None] & gt[None]).sum(-1).float()
        union = (pred[:, None] | gt[None]).sum(-1).float().clamp(min=1)
        best = (inter / union).max(1)
    for i in range(len(pred)):
        if len(gt) and best.values[i] >= min_iou:
            ids.append(int(gt_ids[best.indices[i]]))
        else:
            ids.append(next_id)
            next_id += 1
    return torch.tensor(ids, dtype=torch.long), next_id


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
