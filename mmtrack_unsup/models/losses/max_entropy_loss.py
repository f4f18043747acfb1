"""Maximum-entropy (ME) regularisation of SOLO-Track (Fu et al., Eq. 6)."""
from typing import Optional

import torch
from mmdet.models.losses.utils import weighted_loss
from mmdet.registry import MODELS
from torch import Tensor, nn

from mmtrack_unsup.models.utils import center_similarity


@weighted_loss
def max_entropy_loss(centers: Tensor,
                     image_ids: Optional[Tensor] = None) -> Tensor:
    """Per instance i: ``sum_{j != i} S_ij log S_ij``, i.e. minus its share
    of H = -sum_i sum_{j != i} S(i, j) log S(i, j) (Eq. 6), S from Eq. 3.
    Minimising it maximises H: a new object should resemble all known
    instances equally little.

    Args:
        centers (Tensor): ``(K, D)`` instance centres.
        image_ids (Tensor, optional): ``(K, )`` image of each centre.

    Returns:
        Tensor: ``(K, )``.
    """
    if image_ids is None:
        image_ids = torch.zeros(len(centers), dtype=torch.long,
                                device=centers.device)
    sim = center_similarity(centers, image_ids)
    off = ~torch.eye(len(centers), dtype=torch.bool, device=centers.device)
    same = image_ids[:, None] == image_ids[None, :]
    plogp = sim * torch.log(sim.clamp(min=1e-12))
    return (plogp * (off & same)).sum(dim=1)


@MODELS.register_module()
class MaxEntropyLoss(nn.Module):
    """-H of Eq. 6, weighted by ``loss_weight``.

    Args:
        reduction (str): ``'sum'`` (-H summed over the images) or
            ``'mean'`` / ``'none'``.
        loss_weight (float): Weight of the regularisation.
    """

    def __init__(self, reduction: str = 'sum',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(self,
                centers: Tensor,
                image_ids: Optional[Tensor] = None,
                weight: Optional[Tensor] = None,
                avg_factor: Optional[float] = None,
                reduction_override: Optional[str] = None) -> Tensor:
        if len(centers) == 0:
            return centers.sum() * 0
        reduction = reduction_override or self.reduction
        return self.loss_weight * max_entropy_loss(
            centers, image_ids, weight, reduction=reduction,
            avg_factor=avg_factor)
