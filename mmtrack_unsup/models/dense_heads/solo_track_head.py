"""SOLO head with a tracking-embedding branch (Fu et al., CVPR 2021)."""
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmdet.models.layers import mask_matrix_nms
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

    Unlabeled video (Sec. 3.4): with ``video_branch='separate'`` a second
    embedding branch of the same structure (the paper's video embedding
    head, used when images and videos come from different domains) is
    trained by the cycle-consistency loss (Eq. 7-8) between the valid cells
    of a clip's frames, the cells SOLO's own inference keeps
    (:meth:`valid_cells`); ``'shared'`` applies that loss to the image
    embedding itself (the paper's dashed link, for images and videos of one
    domain). Tracking always uses the image embedding (Sec. 3.4).

    Args:
        embed_channels (int): Embedding size. Defaults to 64.
        loss_ic (dict): The instance-contrastive loss.
        loss_me (dict): The max-entropy regularisation.
        video_branch (str, optional): ``None`` (no video embedding),
            ``'separate'`` or ``'shared'`` (see above).
        valid_score_thr (float, optional): Keep only the valid cells whose
            score after Matrix NMS reaches this. ``None`` (the paper): every
            instance SOLO returns. A deviation for the synthetic config:
            Matrix NMS decays duplicates without removing them, so each
            object keeps several low-scoring cells, which no cycle can tell
            apart (measured: the loss started at ~log 40, about 40 valid
            cells per frame for ~5 objects); with the tracker's score
            threshold the valid cells are the instances it tracks.
        loss_cycle (dict): The cycle-consistency loss of the clips.
        detach_embed_features (bool): Feed the image embedding branch the
            FPN features detached, so that the IC and ME losses train that
            branch only and SOLO's masks are learnt by SOLO's losses alone.
            ``False`` (the paper, Sec. 3.1): the embedding is trained jointly
            through the shared backbone and FPN. A deviation measured on the
            synthetic set (docs/solo_track/experiments.md, Table 1): with
            R-18 trained from scratch on 1000 images, the joint training
            cost SOLO's masks about 7 AP with ground-truth identities, more
            than the embedding gained in association. The video branch
            (cycle loss, test-time adaptation) is not affected: its
            gradient still reaches the backbone and FPN as in Sec. 3.4.
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
                 detach_embed_features: bool = False,
                 video_branch: Optional[str] = None,
                 valid_score_thr: Optional[float] = None,
                 loss_cycle: dict = dict(type='CycleConsistencyLoss',
                                         temperature=1.0, loss_weight=1.0),
                 **kwargs) -> None:
        if video_branch not in (None, 'separate', 'shared'):
            raise ValueError("video_branch must be None, 'separate' or "
                             f"'shared', got {video_branch!r}")
        self.embed_channels = embed_channels
        self.prototype_score_thr = prototype_score_thr
        self.detach_embed_features = detach_embed_features
        self.video_branch = video_branch
        self.valid_score_thr = valid_score_thr
        super().__init__(*args, **kwargs)
        self.loss_ic = MODELS.build(loss_ic)
        self.loss_me = MODELS.build(loss_me)
        self.loss_cycle = MODELS.build(loss_cycle)

    def _embedding_branch(self) -> Tuple[nn.ModuleList, nn.Module]:
        """The category branch's structure with an embedding output."""
        convs = nn.ModuleList()
        for i in range(self.stacked_convs):
            chn = self.in_channels if i == 0 else self.feat_channels
            convs.append(
                ConvModule(chn, self.feat_channels, 3, stride=1, padding=1,
                           norm_cfg=self.norm_cfg))
        return convs, nn.Conv2d(self.feat_channels, self.embed_channels, 3,
                                padding=1)

    def _init_layers(self) -> None:
        super()._init_layers()
        self.embed_convs, self.conv_embed = self._embedding_branch()
        if self.video_branch == 'separate':
            self.video_embed_convs, self.conv_video_embed = \
                self._embedding_branch()

    def _embed(self, x: Tuple[Tensor], convs: nn.ModuleList,
               out: nn.Module) -> List[Tensor]:
        embeds = []
        for i, feat in enumerate(self.resize_feats(x)):
            for j, layer in enumerate(convs):
                if j == self.cls_down_index:
                    feat = F.interpolate(feat, size=self.num_grids[i],
                                         mode='bilinear')
                feat = layer(feat)
            embeds.append(out(feat))
        return embeds

    def forward(self, x: Tuple[Tensor]) -> tuple:
        """SOLO's outputs plus ``mlvl_embeds``: per level
        ``(B, embed_channels, num_grid, num_grid)``."""
        mask_preds, cls_preds = super().forward(x)
        if self.detach_embed_features:
            x = tuple(feat.detach() for feat in x)
        return mask_preds, cls_preds, self._embed(x, self.embed_convs,
                                                  self.conv_embed)

    def video_embeddings(self, x: Tuple[Tensor]) -> List[Tensor]:
        """The video embedding (Sec. 3.4), laid out as ``forward``'s."""
        if self.video_branch == 'separate':
            return self._embed(x, self.video_embed_convs,
                               self.conv_video_embed)
        if self.video_branch == 'shared':
            return self._embed(x, self.embed_convs, self.conv_embed)
        raise RuntimeError('this head has no video embedding: set '
                           "video_branch='separate' or 'shared'")

    def inference_maps(self, mlvl_mask_preds: List[Tensor],
                       mlvl_cls_preds: List[Tensor],
                       img: int) -> Tuple[Tensor, Tensor]:
        """What SOLO's ``forward`` gives at inference, from its training
        outputs of image ``img``: ``(num_cells, num_classes)`` sigmoid
        scores after its point NMS (local maxima) and ``(num_cells, h, w)``
        sigmoid masks at the first level's mask size, levels
        concatenated."""
        size = mlvl_mask_preds[0].shape[-2:]
        scores, masks = [], []
        for mask_pred, cls_pred in zip(mlvl_mask_preds, mlvl_cls_preds):
            masks.append(F.interpolate(mask_pred[img:img + 1].sigmoid(),
                                       size=size, mode='bilinear')[0])
            cls = cls_pred[img:img + 1].sigmoid()
            local_max = F.max_pool2d(cls, 2, stride=1, padding=1)
            cls = cls * (local_max[:, :, :-1, :-1] == cls)
            scores.append(cls[0].permute(1, 2, 0).reshape(
                -1, self.cls_out_channels))
        return torch.cat(scores), torch.cat(masks)

    def kept_instances(self, cls_scores: Tensor,
                       mask_preds: Tensor) -> InstanceData:
        """The instances SOLO's inference keeps, as mmdet's
        ``_predict_by_feat_single`` selects them (score threshold, mask area
        above the level's stride, maskness, Matrix NMS) and in its order,
        with the ``cells`` they come from (flat over the concatenated
        levels), their ``scores`` and ``labels``.

        Args:
            cls_scores, mask_preds: :meth:`inference_maps` of one image.
        """
        cfg = self.test_cfg
        out = InstanceData(cells=cls_scores.new_zeros(0, dtype=torch.long),
                           scores=cls_scores.new_zeros(0),
                           labels=cls_scores.new_zeros(0, dtype=torch.long))
        score_mask = cls_scores > cfg.score_thr
        inds = score_mask.nonzero()
        if len(inds) == 0:
            return out
        scores = cls_scores[score_mask]
        cells, labels = inds[:, 0], inds[:, 1]
        strides = cls_scores.new_tensor(
            [s for s, g in zip(self.strides, self.num_grids)
             for _ in range(g * g)])[cells]
        masks = mask_preds[cells] > cfg.mask_thr
        sum_masks = masks.sum((1, 2)).float()
        keep = sum_masks > strides
        if keep.sum() == 0:
            return out
        masks, sum_masks = masks[keep], sum_masks[keep]
        cells, labels, scores = cells[keep], labels[keep], scores[keep]
        maskness = (mask_preds[cells] * masks).sum((1, 2)) / sum_masks
        scores, labels, _, keep_inds = mask_matrix_nms(
            masks, labels, scores * maskness, mask_area=sum_masks,
            nms_pre=cfg.nms_pre, max_num=cfg.max_per_img, kernel=cfg.kernel,
            sigma=cfg.sigma, filter_thr=cfg.filter_thr)
        if len(keep_inds) == 0:
            return out
        return InstanceData(cells=cells[keep_inds], scores=scores,
                            labels=labels)

    def valid_cells(self, mlvl_mask_preds: List[Tensor],
                    mlvl_cls_preds: List[Tensor], img: int) -> Tensor:
        """The valid grid cells of image ``img`` (Sec. 3.4): those of the
        instances SOLO's inference keeps (:meth:`kept_instances`), each
        once (a cell kept for two classes counts at its first place), and
        with ``valid_score_thr`` only those scoring at least that."""
        kept = self.kept_instances(
            *self.inference_maps(mlvl_mask_preds, mlvl_cls_preds, img))
        if self.valid_score_thr is not None:
            kept = kept[kept.scores >= self.valid_score_thr]
        cells = kept.cells.tolist()
        return kept.cells.new_tensor(list(dict.fromkeys(cells)),
                                     dtype=torch.long)

    def loss_cycle_by_feat(self, mlvl_mask_preds: List[Tensor],
                           mlvl_cls_preds: List[Tensor],
                           mlvl_video_embeds: List[Tensor],
                           clips: List[List[int]]) -> Tensor:
        """Eq. 8 over ``clips`` (each: the batch indices of its frames in
        time order), on the video embedding of each frame's valid cells.
        The cells are chosen without gradient (SOLO's inference). A clip
        contributes only if each of its frames has a valid cell; how many
        did is left in :attr:`num_cycle_clips` (logged by SOLOTrack)."""
        frames = sorted({i for clip in clips for i in clip})
        embeds = {}
        for i in frames:
            with torch.no_grad():
                cells = self.valid_cells(mlvl_mask_preds, mlvl_cls_preds, i)
            flat = torch.cat([
                e[i].permute(1, 2, 0).reshape(-1, self.embed_channels)
                for e in mlvl_video_embeds])
            embeds[i] = flat[cells]
        self.num_cycle_clips = sum(all(len(embeds[i]) for i in clip)
                                   for clip in clips)
        return self.loss_cycle([[embeds[i] for i in clip] for clip in clips],
                               mlvl_video_embeds[0])

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
