"""Maximum-entropy (ME) regularisation of SOLO-Track (Fu et al., Eq. 6)."""
from typing import Optional

import torch
from mmdet.models.losses.utils import weighted_loss
from mmdet.registry import MODELS
from torch import Tensor, nn

from mmtrack_unsup.models.utils import center_similarity


@weighted_loss
def max_entropy_loss(centers: Tensor,
                     image_ids: Optional[Tensor] = None,
                     renormalise: bool = False) -> Tensor:
    """Per instance i: ``sum_{j != i} S_ij log S_ij``, i.e. minus its share
    of H = -sum_i sum_{j != i} S(i, j) log S(i, j) (Eq. 6), S from Eq. 3.
    Minimising it maximises H: a new object should resemble all known
    instances equally little.

    With ``renormalise``, S(i, j) is replaced by S(i, j) / (1 - S(i, i)),
    the distribution over the *other* instances (a softmax over j != i of
    C_i . C_j), so only its uniformity counts, not S(i, i).

    Args:
        centers (Tensor): ``(K, D)`` instance centres.
        image_ids (Tensor, optional): ``(K, )`` image of each centre.
        renormalise (bool): See above. Defaults to False (Eq. 6 as written).

    Returns:
        Tensor: ``(K, )``.
    """
    if image_ids is None:
        image_ids = torch.zeros(len(centers), dtype=torch.long,
                                device=centers.device)
    off = ~torch.eye(len(centers), dtype=torch.bool, device=centers.device)
    same = image_ids[:, None] == image_ids[None, :]
    if renormalise:
        logits = (centers @ centers.T).masked_fill(~(off & same),
                                                   float('-inf'))
        # an instance alone in its image has no other: its row is 0
        sim = torch.softmax(logits, dim=1).nan_to_num(0.0)
    else:
        sim = center_similarity(centers, image_ids)
    plogp = sim * torch.log(sim.clamp(min=1e-12))
    return (plogp * (off & same)).sum(dim=1)


@MODELS.register_module()
class MaxEntropyLoss(nn.Module):
    """-H of Eq. 6, weighted by ``loss_weight``.

    Eq. 6 as written sums over the off-diagonal entries of S, whose mass
    m = 1 - S(i, i) is not fixed: for K instances in an image, -m log(m /
    (K - 1)) peaks at m = (K - 1) / e, above 1 for K >= 4, so maximising H
    pulls S(i, i) to 0 and works against the contrast term (the synthetic
    configs had to raise lambda 100x). ``renormalise=True`` (a deviation,
    off until measured) takes the entropy of S(i, j != i) / (1 - S(i, i)),
    the paper's stated intent ("uniform output probability" over the other
    instances), which leaves S(i, i) to the contrast term.

    Args:
        reduction (str): ``'sum'`` (-H summed over the images) or
            ``'mean'`` / ``'none'``.
        loss_weight (float): Weight of the regularisation.
        renormalise (bool): See above. Defaults to False.
    """

    def __init__(self, reduction: str = 'sum',
                 loss_weight: float = 1.0,
                 renormalise: bool = False) -> None:
        super().__init__()
        self.reduction = reduction
        self.loss_weight = loss_weight
        self.renormalise = renormalise

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
            avg_factor=avg_factor, renormalise=self.renormalise)
