"""An appearance embedding of detection crops, for SOLO-Track's losses on
unlabeled MOT footage (issue 33)."""
from typing import Optional, Sequence

from mmdet.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmtrack_unsup.models.utils import (build_crop_cnn, normalise_crops,
                                        pooled_features)


@MODELS.register_module()
class CropEmbeddingNetwork(BaseModule):
    """Paper A's crop CNN (Bastani et al., Sec. 3.1: 6 strided
    convolutions, 64x64 crops) followed by a linear projection to the
    tracking embedding f of paper B (Fu et al., Sec. 3.2), trained by
    :class:`ContrastiveCropEmbedding`.

    The embedding is not L2-normalised: paper B's similarity is the
    softmax of plain dot products (Eq. 3), so its scale is the softmax's
    sharpness and is learned.

    Args:
        cnn_channels (Sequence[int]): Output channels of the convolutions
            (paper A's: six, (32, 64, 64, 64, 64, 64)).
        embed_dim (int): Size of the embedding. Defaults to 64.
        batch_norm (bool): Batch-normalise the embedding (a deviation;
            default True). Without it, the freshly initialised CNN gives
            every crop nearly the same embedding (mean cosine of different
            detections 1.000 on the synthetic corpus): the softmax of Eq. 3
            is uniform, its gradient, which is proportional to the
            embeddings' differences, vanishes, and training stayed there
            (grad_norm 0.02 -> 0.005, ``view_accuracy`` at chance, over the
            first 40 steps). Batch normalisation removes the common part
            and scales the differences to unit variance. It has no learned
            scale: with one, the L1 centre term of Eq. 2, which any
            constant embedding satisfies, shrank the scale and the
            embeddings collapsed within 60 steps (mean cosine 0.92 ->
            1.000, ``view_accuracy`` 0.55 -> 0.13). Without it, every
            dimension keeps unit variance over the batch's crops, so a
            constant embedding is impossible. At inference it is a fixed
            affine map (running statistics).
    """

    def __init__(self,
                 cnn_channels: Sequence[int] = (32, 64, 64, 64, 64, 64),
                 embed_dim: int = 64,
                 batch_norm: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg)
        self.cnn = build_crop_cnn(cnn_channels)
        self.head = nn.Linear(cnn_channels[-1], embed_dim)
        self.norm = nn.BatchNorm1d(embed_dim, affine=False) if batch_norm else None
        self.embed_dim = embed_dim

    def forward(self, crops: Tensor) -> Tensor:
        """``(N, 3, S, S)`` crops in [0, 255] -> ``(N, embed_dim)``."""
        return self.embed_normalised(normalise_crops(crops))

    def embed_normalised(self, x: Tensor) -> Tensor:
        """The embedding of crops already in the CNN's input range
        (:func:`normalise_crops`), e.g. augmented ones."""
        out = self.head(pooled_features(self.cnn, x))
        return out if self.norm is None else self.norm(out)
