"""SOLO head with a tracking-embedding branch (Fu et al., CVPR 2021)."""
from typing import List, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmdet.models.dense_heads import SOLOHead
from mmdet.registry import MODELS
from mmdet.structures.mask import BitmapMasks, mask2bbox
from mmdet.utils import InstanceList
from mmengine.structures import InstanceData
from torch import Tensor, nn

from mmtrack_unsup.models.losses import tracking_embedding_losses


@MODELS.register_module()
class SOLOTrackHead(SOLOHead):
    """SOLO's category and mask branches plus an embedding branch (Sec. 3.1).

    The embedding branch has the category branch's structure (``stacked_convs``
    convolutions, resized to each level's ``num_grid`` at
    ``cls_down_index``), so every grid cell gets an embedding. Cells are
    assigned to instances by SOLO's own targets (centre region scaled by
    ``pos_scale``, the paper's epsilon); the instance-contrastive loss
    (Eq. 2-5) and the max-entropy term (Eq. 6) act on them. At inference
    every predicted instance gets the mean embedding of the cells that the
    same assignment gives its predicted mask, each instance on its own (so
    overlapping predictions do not take each other's cells): its prototype
    (Sec. 3.2).

    Args:
        embed_channels (int): Embedding size. Defaults to 64.
        loss_ic (dict): The instance-contrastive loss.
        loss_me (dict): The max-entropy regularisation.
        prototype_score_thr (float): Prototypes are computed only for
            predicted instances scoring at least this; theirs stay zero.
            ``SOLOTrack`` refuses a ``PrototypeTracker`` whose
            ``score_thr`` is lower. Defaults to 0.3.
        Other arguments: see mmdet's ``SOLOHead``.
    """

    def __init__(self,
                 *args,
                 embed_channels: int = 64,
                 loss_ic: dict = dict(type='InstanceContrastiveLoss',
                                      lambda_contra=1.0, loss_weight=0.1),
                 loss_me: dict = dict(type='MaxEntropyLoss',
                                      loss_weight=0.1),
                 prototype_score_thr: float = 0.3,
                 **kwargs) -> None:
        self.embed_channels = embed_channels
        self.prototype_score_thr = prototype_score_thr
        super().__init__(*args, **kwargs)
        self.loss_ic = MODELS.build(loss_ic)
        self.loss_me = MODELS.build(loss_me)

    def _init_layers(self) -> None:
        super()._init_layers()
        self.embed_convs = nn.ModuleList()
        for i in range(self.stacked_convs):
            chn = self.in_channels if i == 0 else self.feat_channels
            self.embed_convs.append(
                ConvModule(chn, self.feat_channels, 3, stride=1, padding=1,
                           norm_cfg=self.norm_cfg))
        self.conv_embed = nn.Conv2d(self.feat_channels, self.embed_channels,
                                    3, padding=1)

    def forward(self, x: Tuple[Tensor]) -> tuple:
        """SOLO's outputs plus ``mlvl_embeds``: per level
        ``(B, embed_channels, num_grid, num_grid)``."""
        mask_preds, cls_preds = super().forward(x)
        embeds = []
        for i, feat in enumerate(self.resize_feats(x)):
            for j, layer in enumerate(self.embed_convs):
                if j == self.cls_down_index:
                    feat = F.interpolate(feat, size=self.num_grids[i],
                                         mode='bilinear')
                feat = layer(feat)
            embeds.append(self.conv_embed(feat))
        return mask_preds, cls_preds, embeds

    def instance_grid_maps(self, instances: InstanceData,
                           featmap_sizes: List) -> List[Tensor]:
        """Per level ``(num_grid, num_grid)`` index of the instance assigned
        to each cell (-1: none), by SOLO's own ``_get_targets_single``: the
        instances' labels are replaced by their indices, shifted past the
        background label so both stay distinguishable."""
        offset = self.num_classes + 1
        shifted = InstanceData(
            labels=torch.arange(len(instances), device=instances.bboxes.device)
            + offset, bboxes=instances.bboxes, masks=instances.masks)
        _, maps, _ = SOLOHead._get_targets_single(self, shifted,
                                                  featmap_sizes=featmap_sizes)
        return [torch.where(m >= offset, m - offset, torch.full_like(m, -1))
                for m in maps]

    def _cell_embeddings(self, mlvl_embeds: List[Tensor], img: int,
                         maps: List[Tensor]):
        embs, ids = [], []
        for lvl, grid in enumerate(maps):
            flat = grid.flatten()
            pos = flat >= 0
            e = mlvl_embeds[lvl][img].permute(1, 2, 0).reshape(
                -1, self.embed_channels)
            embs.append(e[pos])
            ids.append(flat[pos])
        return torch.cat(embs), torch.cat(ids)

    def loss_by_feat(self, mlvl_mask_preds: List[Tensor],
                     mlvl_cls_preds: List[Tensor],
                     mlvl_embeds: List[Tensor],
                     batch_gt_instances: InstanceList,
                     batch_img_metas: List[dict], **kwargs) -> dict:
        losses = super().loss_by_feat(mlvl_mask_preds, mlvl_cls_preds,
                                      batch_gt_instances, batch_img_metas)
        featmap_sizes = [m.size()[-2:] for m in mlvl_mask_preds]
        embs, ids, imgs, offset = [], [], [], 0
        for img, gt in enumerate(batch_gt_instances):
            maps = self.instance_grid_maps(gt, featmap_sizes)
            e, i = self._cell_embeddings(mlvl_embeds, img, maps)
            embs.append(e)
            ids.append(i + offset)
            imgs.append(torch.full_like(i, img))
            offset += len(gt)
        embs, ids, imgs = torch.cat(embs), torch.cat(ids), torch.cat(imgs)
        losses['loss_ic'], losses['loss_me'] = tracking_embedding_losses(
            self.loss_ic, self.loss_me, embs, ids, imgs,
            len(batch_img_metas))
        return losses

    def predict_by_feat(self, mlvl_mask_preds: List[Tensor],
                        mlvl_cls_scores: List[Tensor],
                        mlvl_embeds: List[Tensor],
                        batch_img_metas: List[dict], **kwargs) -> InstanceList:
        """SOLO's results plus ``embeddings`` (N, embed_channels)."""
        results = super().predict_by_feat(mlvl_mask_preds, mlvl_cls_scores,
                                          batch_img_metas)
        for img, (res, meta) in enumerate(zip(results, batch_img_metas)):
            # SOLO predicts no boxes (mmdet fills zeros), but the trackers'
            # overlap cues and the scale ranges of the prototype assignment
            # below need them: the masks' tight boxes
            res.bboxes = mask2bbox(res.masks)
            pad_h, pad_w = meta['batch_input_shape']
            # the mask branch's per-level sizes in training (stride / 2)
            sizes = [torch.Size((pad_h * 2 // s, pad_w * 2 // s))
                     for s in self.strides]
            h, w = meta['img_shape'][:2]
            sx, sy = meta.get('scale_factor', (1.0, 1.0))
            sel = res.scores >= self.prototype_score_thr
            masks = res.masks[sel].float()
            if len(masks):
                masks = F.interpolate(masks[None], size=(h, w),
                                      mode='bilinear')[0] > 0.5
                masks = F.pad(masks, (0, pad_w - w, 0, pad_h - h))
            bboxes = res.bboxes[sel] * res.bboxes.new_tensor([sx, sy, sx, sy])
            masks = masks.cpu().numpy()
            proto = mlvl_embeds[0].new_zeros(len(res), self.embed_channels)
            # one instance at a time: in training each cell has one owner,
            # but predicted instances overlap (SOLO's Matrix NMS decays
            # duplicates' scores without removing them), and a shared
            # assignment would give the overlapped one no cells (measured:
            # about 1 in 10 tracked instances had a zero prototype)
            for k, idx in enumerate(sel.nonzero().flatten().tolist()):
                pseudo = InstanceData(
                    bboxes=bboxes[k:k + 1],
                    masks=BitmapMasks(masks[k:k + 1], pad_h, pad_w))
                maps = self.instance_grid_maps(pseudo, sizes)
                embs, _ = self._cell_embeddings(mlvl_embeds, img, maps)
                if len(embs):
                    proto[idx] = embs.mean(0)
            res.embeddings = proto
        return results
