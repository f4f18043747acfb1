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
