"""The image-level tracking-embedding losses of one batch (Fu et al., Sec.
3.2-3.3), for any head that assigns cells to instances."""
from typing import Tuple

from torch import Tensor, nn

from mmtrack_unsup.models.utils import instance_centers


def tracking_embedding_losses(loss_ic: nn.Module, loss_me: nn.Module,
                              embeddings: Tensor, instance_ids: Tensor,
                              image_ids: Tensor,
                              num_images: int) -> Tuple[Tensor, Tensor]:
    """IC (Eq. 2-5) over the instances' cells and ME (Eq. 6) over their
    centres, each averaged over the ``num_images`` images of the batch.

    Args:
        loss_ic, loss_me: The built losses.
        embeddings (Tensor): ``(M, D)`` embeddings of the assigned cells.
        instance_ids (Tensor): ``(M, )`` instance of each cell, unique over
            the batch.
        image_ids (Tensor): ``(M, )`` image of each cell.
        num_images (int): Images in the batch.
    """
    ic = loss_ic(embeddings, instance_ids, image_ids,
                 reduction_override='mean', avg_factor=num_images)
    if len(embeddings) == 0:  # no instance in the batch
        return ic, embeddings.sum() * 0
    centers, center_imgs, _ = instance_centers(embeddings, instance_ids,
                                               image_ids)
    me = loss_me(centers, center_imgs, reduction_override='mean',
                 avg_factor=num_images)
    return ic, me
