"""Dot-product consistency loss of Bastani et al., Sec. 3.2."""
from typing import Optional

import torch
from mmdet.models.losses.utils import weighted_loss
from mmdet.registry import MODELS
from torch import Tensor, nn


@weighted_loss
def cross_input_consistency_loss(transition_a: Tensor,
                                 transition_b: Tensor,
                                 spatial_mask: Optional[Tensor] = None,
                                 eps: float = 1e-6) -> Tensor:
    """Per row i: ``-log sum_j A_ij B_ij C_ij``.

    With ``C = 1`` this is the cross-entropy between the identity and
    ``A @ B.T`` (the paper's remark), since ``(A B^T)_ii = sum_j A_ij B_ij``.

    Args:
        transition_a, transition_b (Tensor): ``(T, N + 1)`` transition
            matrices of the two input variations.
        spatial_mask (Tensor, optional): ``(T, N + 1)`` mask C (0 for
            improbable pairs and for artificial detections).
        eps (float): Keeps the log finite.

    Returns:
        Tensor: ``(T, )`` loss per row.
    """
    prod = transition_a * transition_b
    if spatial_mask is not None:
        prod = prod * spatial_mask
    return -torch.log(prod.sum(dim=-1) + eps)


@MODELS.register_module()
class CrossInputConsistencyLoss(nn.Module):
    """L = -mean_i log sum_j A(0,n)_ij B(0,n)_ij C(0,n)_ij.

    Args:
        eps (float): Added inside the log. Defaults to 1e-6.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``.
        loss_weight (float): Weight of the loss. Defaults to 1.0.
    """

    def __init__(self, eps: float = 1e-6, reduction: str = 'mean',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.eps = eps
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(self,
                transition_a: Tensor,
                transition_b: Tensor,
                spatial_mask: Optional[Tensor] = None,
                weight: Optional[Tensor] = None,
                avg_factor: Optional[float] = None,
                reduction_override: Optional[str] = None) -> Tensor:
        """``weight`` is per row (e.g. 0 for padded tracks)."""
        reduction = reduction_override or self.reduction
        return self.loss_weight * cross_input_consistency_loss(
            transition_a, transition_b, weight, spatial_mask=spatial_mask,
            eps=self.eps, reduction=reduction, avg_factor=avg_factor)
