"""Tracktor++'s pre-processing of public detections (Bergmann et al.,
ICCV 2019, Sec. 4 "public detections"), which paper A applies to MOT17's
DPM, FRCNN and SDP boxes (Bastani et al., Sec. 5): a two-stage detector's
box head classifies and regresses each public box."""
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmcv.ops import nms
from mmdet.registry import MODELS
from mmdet.structures.bbox import bbox2roi


@MODELS.register_module()
class PublicDetectionRefiner:
    """Refine public boxes with a two-stage mmdet detector, as Tracktor++
    does: each public box is an RoI of the detector's box head (mmdet's
    ``StandardRoIHead``, e.g. Faster R-CNN R-50 FPN); the box head's person
    score replaces the box's score and its person-class regression moves the
    box. The boxes are refined, never replaced: every output box comes from
    one public box (``index``), and no box is added.

    A public box is dropped under two rules only, Tracktor's: its refined
    person score is not above ``score_thr`` (``detection_person_thresh``,
    0.5), or NMS at ``nms_thr`` (``detection_nms_thresh``, 0.3) suppresses
    it in favour of a higher-scoring refined box.

    Args:
        config (str): The detector's config (its test pipeline is used).
        checkpoint (str): Its weights (the user's; none ship with us).
        person_class (str): The name of the person class among the
            checkpoint's ``dataset_meta['classes']`` (COCO: ``'person'``).
        score_thr (float): Keep refined scores above this.
        nms_thr (float, optional): IoU of NMS among the refined boxes;
            ``None`` skips it.
        device (str): Defaults to ``'cpu'``.
    """

    def __init__(self, config: str, checkpoint: str,
                 person_class: str = 'person', score_thr: float = 0.5,
                 nms_thr: Optional[float] = 0.3,
                 device: str = 'cpu') -> None:
        from mmcv.transforms import Compose
        from mmdet.apis import init_detector
        from mmdet.utils import get_test_pipeline_cfg
        self.model = init_detector(config, checkpoint, device=device)
        head = getattr(getattr(self.model, 'roi_head', None), 'bbox_head',
                       None)
        if head is None:
            raise ValueError(f'{config}: not a two-stage detector with a box '
                             'head (e.g. Faster R-CNN); Tracktor refines '
                             'public boxes with one')
        names = list(self.model.dataset_meta.get('classes', ()))
        if person_class not in names:
            raise ValueError(f'{checkpoint}: the detector has no class '
                             f'{person_class!r}; it knows {names}')
        self.label = names.index(person_class)
        self.score_thr = score_thr
        self.nms_thr = nms_thr
        pipeline = get_test_pipeline_cfg(self.model.cfg.copy())
        pipeline[0].type = 'mmdet.LoadImageFromNDArray'
        self.pipeline = Compose(pipeline)

    @torch.no_grad()
    def __call__(self, img: np.ndarray, boxes: np.ndarray
                 ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Refine one frame's public boxes.

        Args:
            img (np.ndarray): The BGR frame.
            boxes (np.ndarray): ``(N, 4)`` x1, y1, x2, y2 in frame pixels.

        Returns:
            tuple: refined boxes ``(M, 4)`` in frame pixels, their person
            scores ``(M, )`` and ``index`` ``(M, )``, the public box each
            came from (M <= N), in descending score.
        """
        boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
        if not len(boxes):
            return boxes, np.zeros(0, np.float32), np.zeros(0, np.int64)
        data = self.pipeline(dict(img=img, img_id=0))
        data = self.model.data_preprocessor(
            dict(inputs=[data['inputs']], data_samples=[data['data_samples']]),
            False)
        meta = data['data_samples'][0].metainfo
        scale = torch.tensor(meta['scale_factor'],
                             dtype=torch.float).repeat(2)
        device = data['inputs'].device
        rois = bbox2roi([torch.from_numpy(boxes).to(device) *
                         scale.to(device)])
        feats = self.model.extract_feat(data['inputs'])
        out = self.model.roi_head._bbox_forward(feats, rois)
        head = self.model.roi_head.bbox_head
        # the person probability, activated as mmdet's BBoxHead does
        # (softmax over the classes and background, or the loss' own)
        cls_score = out['cls_score']
        scores = (head.loss_cls.get_activation(cls_score)
                  if head.custom_cls_channels else
                  F.softmax(cls_score, dim=-1))[:, self.label]
        deltas = out['bbox_pred']
        if not head.reg_class_agnostic:
            deltas = deltas.view(len(rois), -1, 4)[:, self.label]
        refined = head.bbox_coder.decode(rois[:, 1:], deltas,
                                         max_shape=meta['img_shape'])
        refined = refined / scale.to(device)
        index = torch.nonzero(scores > self.score_thr).view(-1)
        if self.nms_thr is not None and len(index):
            _, keep = nms(refined[index], scores[index], self.nms_thr)
            index = index[keep]
        else:
            index = index[scores[index].argsort(descending=True)]
        return (refined[index].cpu().numpy(), scores[index].cpu().numpy(),
                index.cpu().numpy())
