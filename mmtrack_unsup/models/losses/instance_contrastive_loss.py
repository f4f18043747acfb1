"""Instance-contrastive (IC) loss of SOLO-Track (Fu et al., Eq. 2-5)."""
from typing import Optional

import torch
from mmdet.models.losses.utils import weighted_loss
from mmdet.registry import MODELS
from torch import Tensor, nn

from mmtrack_unsup.models.utils import center_similarity, instance_centers


@weighted_loss
def instance_contrastive_loss(embeddings: Tensor,
                              instance_ids: Tensor,
                              image_ids: Optional[Tensor] = None,
                              lambda_contra: float = 1.0) -> Tensor:
    """Per grid cell q of instance i in an image with K instances:
    ``||C_i - f_q||_1 + lambda * (-log S_ii) / (K * N_i)``, so the sum over
    an image's cells is Eq. 5: sum_i L_i^center + lambda CE(S, I), with
    CE(S, I) = -(1/K) sum_i log S_ii and N_i the cells of instance i.

    Args:
        embeddings (Tensor): ``(M, D)`` embeddings f_q of positive cells.
        instance_ids (Tensor): ``(M, )`` instance of each cell, unique over
            the batch.
        image_ids (Tensor, optional): ``(M, )`` image of each cell; centres
            are contrasted within their image only.
        lambda_contra (float): lambda of Eq. 5.

    Returns:
        Tensor: ``(M, )`` loss per cell.
    """
    centers, center_img, cell_to_center = instance_centers(
        embeddings, instance_ids, image_ids)
    center = (centers[cell_to_center] - embeddings).abs().sum(dim=1)  # Eq. 2
    sim = center_similarity(centers, center_img)  # Eq. 3
    contra = -torch.log(sim.diagonal().clamp(min=1e-12))  # Eq. 4, per row
    image_index = torch.unique(center_img, return_inverse=True)[1]
    k = torch.bincount(image_index)[image_index]  # instances in i's image
    n = torch.bincount(cell_to_center, minlength=len(centers))
    share = contra / (k * n).to(contra.dtype)
    return center + lambda_contra * share[cell_to_center]


@MODELS.register_module()
class InstanceContrastiveLoss(nn.Module):
    """L^IC = sum_i ||C_i - f_q||_1 + lambda CE(S, I) (Eq. 5).

    Args:
        lambda_contra (float): Weight of the contrast term. Defaults to 1.
        reduction (str): ``'sum'`` (Eq. 5 summed over the images) or
            ``'mean'`` / ``'none'``.
        loss_weight (float): Weight of the whole loss.
    """

    def __init__(self, lambda_contra: float = 1.0, reduction: str = 'sum',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.lambda_contra = lambda_contra
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(self,
                embeddings: Tensor,
                instance_ids: Tensor,
                image_ids: Optional[Tensor] = None,
                weight: Optional[Tensor] = None,
                avg_factor: Optional[float] = None,
                reduction_override: Optional[str] = None) -> Tensor:
        if len(embeddings) == 0:
            return embeddings.sum() * 0  # image without instances
        reduction = reduction_override or self.reduction
        return self.loss_weight * instance_contrastive_loss(
            embeddings, instance_ids, weight, reduction=reduction,
            avg_factor=avg_factor, image_ids=image_ids,
            lambda_contra=self.lambda_contra)
