"""Centre embeddings of instances (Fu et al., CVPR 2021, Sec. 3.2)."""
from typing import Optional, Tuple

import torch
from torch import Tensor


def instance_centers(embeddings: Tensor, instance_ids: Tensor,
                     image_ids: Optional[Tensor] = None
                     ) -> Tuple[Tensor, Tensor, Tensor]:
    """C_i = mean of the embeddings of the grid cells assigned to instance i.

    Args:
        embeddings (Tensor): ``(M, D)`` embeddings of the positive cells.
        instance_ids (Tensor): ``(M, )`` instance of every cell (ids unique
            over the batch).
        image_ids (Tensor, optional): ``(M, )`` image of every cell.

    Returns:
        tuple: ``centers`` (K, D), ``center_image_ids`` (K, ) and
        ``cell_to_center`` (M, ) mapping every cell to its row of centers.
    """
    uniq, cell_to_center = torch.unique(instance_ids, return_inverse=True)
    k = len(uniq)
    sums = embeddings.new_zeros(k, embeddings.shape[1]).index_add_(
        0, cell_to_center, embeddings)
    counts = torch.bincount(cell_to_center, minlength=k).clamp(min=1)
    centers = sums / counts[:, None].to(embeddings.dtype)
    if image_ids is None:
        center_image_ids = torch.zeros(k, dtype=torch.long,
                                       device=embeddings.device)
    else:
        center_image_ids = torch.zeros(k, dtype=image_ids.dtype,
                                       device=embeddings.device)
        center_image_ids[cell_to_center] = image_ids
    return centers, center_image_ids, cell_to_center


def center_similarity(centers: Tensor, image_ids: Tensor) -> Tensor:
    """S(i, j) = softmax_j(C_i . C_j) over the instances of i's image
    (Eq. 3); pairs from different images get 0."""
    logits = centers @ centers.T
    same = image_ids[:, None] == image_ids[None, :]
    return torch.softmax(logits.masked_fill(~same, float('-inf')), dim=1)
