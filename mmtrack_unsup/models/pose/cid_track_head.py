"""A keypoint tracking-embedding branch on mmpose's CID head (Fu et al.,
Sec. 4.4: SOLO-Track's embedding on a bottom-up pose model).

The paper puts the embedding on PointSetAnchor, which mmpose does not have.
Of mmpose's bottom-up models, CID (Wang & Zhang, CVPR 2022) fits best: it
defines a person by the root (centre) of its keypoints on a heatmap-sized
grid, as SOLO defines an instance by the grid cells at its centre, so the
embedding's cells are a centre region as in SOLO-Track. DEKR's deformable
convolutions made its training steps far slower on CPU in a first check,
and mmpose 1.x has no training pipeline for associative embedding.
"""
from typing import List, Optional, Tuple

import numpy as np
import torch
from mmcv.cnn import ConvModule
from mmdet.registry import MODELS as MMDET_MODELS
from mmengine.registry import DefaultScope
from mmpose.models.heads import CIDHead
from mmpose.registry import MODELS
from torch import Tensor, nn

from mmtrack_unsup.models.losses import tracking_embedding_losses


def centre_region_cells(coords: Tensor, extents: Tensor,
                        size: Tuple[int, int], pos_scale: float) -> Tensor:
    """``(H, W)`` index of the instance owning each cell, -1 for none.

    Instance i owns the cells within ``pos_scale / 2`` of its extent
    ``(w, h)`` from its root ``(x, y)`` on each axis (at least the root's
    own cell): SOLO's centre region with epsilon = ``pos_scale``. A cell in
    several regions goes to the nearest root.

    Args:
        coords (Tensor): ``(N, 2)`` root cells (x, y).
        extents (Tensor): ``(N, 2)`` instance widths and heights in cells.
        size (tuple): ``(H, W)`` of the grid.
        pos_scale (float): epsilon.
    """
    height, width = size
    owner = torch.full((height, width), -1, dtype=torch.long)
    if len(coords) == 0:
        return owner
    coords = coords.float().cpu()
    half = (pos_scale / 2 * extents.float().cpu()).clamp(min=0.5)
    ys, xs = torch.meshgrid(torch.arange(height, dtype=torch.float),
                            torch.arange(width, dtype=torch.float),
                            indexing='ij')
    dx = (xs[None] - coords[:, 0, None, None]).abs()
    dy = (ys[None] - coords[:, 1, None, None]).abs()
    inside = (dx <= half[:, 0, None, None]) & (dy <= half[:, 1, None, None])
    dist = torch.where(inside, dx**2 + dy**2,
                       torch.full_like(dx, float('inf')))
    best, idx = dist.min(dim=0)
    owner[torch.isfinite(best)] = idx[torch.isfinite(best)]
    return owner


def keypoint_extents(keypoints: Tensor, visible: Tensor) -> Tensor:
    """``(N, 2)`` width and height (+1 cell) of each instance's visible
    keypoints ``(N, K, 2)``; 1 x 1 for an instance with none visible."""
    out = torch.ones(len(keypoints), 2)
    for i, (kpts, vis) in enumerate(zip(keypoints, visible)):
        pts = kpts[vis > 0]
        if len(pts):
            out[i] = pts.max(0).values - pts.min(0).values + 1
    return out


@MODELS.register_module()
class CIDTrackHead(CIDHead):
    """CID plus an embedding branch trained with the instance-contrastive
    (Eq. 2-5) and max-entropy (Eq. 6) losses of SOLO-Track over each
    person's centre-region cells; at inference every person gets the mean
    embedding of its own centre region (its prototype, Sec. 3.2), in
    ``pred_instances.embeddings``.

    Args:
        embed_channels (int): Embedding size. Defaults to 32.
        embed_feat_channels (int): Width of the branch. Defaults to 64.
        num_embed_convs (int): 3x3 convolutions before the 1x1 output.
        embed_in_kernel (int): Kernel of the branch's first convolution.
            Defaults to 3 (all 3x3). 1 makes it a 1x1 reduction of the
            input to ``embed_feat_channels``, then ``num_embed_convs``
            3x3 convolutions: a deviation for wide inputs (a multi-scale
            concatenation), where a first 3x3 convolution costs more than
            the rest of the model on a CPU.
        embed_norm_cfg (dict, optional): Normalisation after each hidden
            convolution, as SOLO-Track's branch (``SOLOTrackHead``, GN).
            Defaults to GN with 8 groups; ``None``: plain conv + ReLU.
            Neither kept the branch from collapsing (every cell one
            embedding, the IC loss flat at log K) while the IC loss' centre
            term outweighed its contrast term; the loss' balance did
            (docs/pose_track/experiments.md).
        pos_scale (float): The centre region's epsilon (SOLO's 0.2).
        loss_ic (dict): mmdet-registered instance-contrastive loss.
        loss_me (dict): mmdet-registered max-entropy loss.
        Other arguments: mmpose's ``CIDHead``.

    ``test_cfg['embed_kpt_thr']`` (0.1): keypoints scoring above it span a
    predicted person's extent, which sizes its prototype's region.
    """

    def __init__(self,
                 *args,
                 embed_channels: int = 32,
                 embed_feat_channels: int = 64,
                 num_embed_convs: int = 2,
                 embed_in_kernel: int = 3,
                 embed_norm_cfg: Optional[dict] = dict(type='GN',
                                                       num_groups=8),
                 pos_scale: float = 0.2,
                 loss_ic: dict = dict(type='InstanceContrastiveLoss',
                                      lambda_contra=1.0, loss_weight=0.1),
                 loss_me: dict = dict(type='MaxEntropyLoss',
                                      loss_weight=0.1),
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if embed_in_kernel not in (1, 3):
            raise ValueError(
                f'embed_in_kernel must be 1 or 3, got {embed_in_kernel}')
        layers: List[nn.Module] = []
        channels = self.in_channels
        kernels = [1] * (embed_in_kernel == 1) + [3] * num_embed_convs
        for k in kernels:
            layers.append(ConvModule(channels, embed_feat_channels, k,
                                     padding=k // 2, norm_cfg=embed_norm_cfg))
            channels = embed_feat_channels
        layers.append(nn.Conv2d(channels, embed_channels, 1))
        self.embed_branch = nn.Sequential(*layers)
        self.embed_channels = embed_channels
        self.pos_scale = pos_scale
        # the losses live in mmdet's registry; pose configs run in mmpose's
        with DefaultScope.overwrite_default_scope('mmdet'):
            self.loss_ic = MMDET_MODELS.build(loss_ic)
            self.loss_me = MMDET_MODELS.build(loss_me)

    def _train_extents(self, sample) -> Tensor:
        """Extents of the ground-truth people on the heatmap grid, from the
        peaks of their own (decoupled) keypoint heatmaps."""
        heatmaps = sample.gt_fields.instance_heatmaps
        weights = sample.gt_instance_labels.keypoint_weights
        n = len(sample.gt_instance_labels.instance_coords)
        if n == 0:  # every person cropped away by the augmentation
            return torch.ones(0, 2)
        heatmaps = heatmaps.reshape(n, self.num_keypoints,
                                    *heatmaps.shape[-2:])
        width = heatmaps.shape[-1]
        peak = heatmaps.flatten(2).argmax(-1)
        kpts = torch.stack([peak % width, peak // width], -1)
        return keypoint_extents(kpts.cpu(), weights.reshape(n, -1).cpu())

    def loss(self, feats: Tuple[Tensor], batch_data_samples,
             train_cfg: dict = {}) -> dict:
        losses = super().loss(feats, batch_data_samples, train_cfg)
        embeds = self.embed_branch(feats[-1])
        size = embeds.shape[-2:]
        embs, ids, imgs, offset = [], [], [], 0
        for i, sample in enumerate(batch_data_samples):
            coords = sample.gt_instance_labels.instance_coords
            owner = centre_region_cells(coords, self._train_extents(sample),
                                        size, self.pos_scale).flatten()
            pos = (owner >= 0).to(embeds.device)
            flat = embeds[i].permute(1, 2, 0).reshape(-1, self.embed_channels)
            embs.append(flat[pos])
            ids.append(owner.to(embeds.device)[pos] + offset)
            imgs.append(torch.full_like(ids[-1], i))
            offset += len(coords)
        embs, ids, imgs = torch.cat(embs), torch.cat(ids), torch.cat(imgs)
        losses['loss/ic'], losses['loss/me'] = tracking_embedding_losses(
            self.loss_ic, self.loss_me, embs, ids, imgs,
            len(batch_data_samples))
        return losses

    def prototypes(self, embeds: Tensor, coords: Tensor,
                   extents: Tensor) -> Tensor:
        """``(N, D)`` mean embedding over each instance's own centre region
        (each on its own, so overlapping people keep their cells)."""
        flat = embeds.permute(1, 2, 0).reshape(-1, self.embed_channels)
        out = []
        for c, e in zip(coords, extents):
            owner = centre_region_cells(c[None], e[None], embeds.shape[-2:],
                                        self.pos_scale).flatten()
            out.append(flat[(owner == 0).to(flat.device)].mean(0))
        return torch.stack(out) if out else flat.new_zeros(
            0, self.embed_channels)

    def predict(self, feats, batch_data_samples, test_cfg: dict = {}):
        out = super().predict(feats, batch_data_samples, test_cfg)
        preds = out[0] if isinstance(out, tuple) else out
        plain = feats[0] if test_cfg.get('flip_test', False) else feats
        last = plain[-1][:1]
        embeds = self.embed_branch(last)[0]
        _, coords, _ = self.iia_module.forward_test(last, dict(
            test_cfg, flip_test=False))
        pred = preds[0]
        if len(pred.keypoints) != len(coords):
            raise RuntimeError(
                f'{len(pred.keypoints)} people decoded but {len(coords)} '
                'roots found again; flip_test must pick the same roots')
        # keypoints are in input pixels: back to heatmap cells
        input_w, input_h = batch_data_samples[0].metainfo['input_size']
        scale = np.array([embeds.shape[-1] / input_w,
                          embeds.shape[-2] / input_h])
        vis = pred.keypoint_scores > test_cfg.get('embed_kpt_thr', 0.1)
        extents = keypoint_extents(
            torch.as_tensor(pred.keypoints * scale, dtype=torch.float),
            torch.as_tensor(vis))
        pred.embeddings = self.prototypes(embeds, coords.cpu(),
                                          extents).cpu().numpy()
        return out
