"""SOLO-Track's tracking-embedding losses on the detection crops of
unlabeled MOT footage (issue 33: paper B's idea brought to paper A's
input)."""
from typing import List, Optional

import numpy as np
import torch
import torch.nn.functional as F
from mmdet.models.mot import BaseMOTModel
from mmdet.registry import MODELS, TASK_UTILS
from mmdet.structures import TrackSampleList
from mmengine.structures import BaseDataElement
from torch import Tensor

from mmtrack_unsup.models.losses.tracking_embedding_losses import \
    tracking_embedding_losses
from mmtrack_unsup.models.utils import normalise_crops, step_generator
from .track_video import track_video


@MODELS.register_module()
class ContrastiveCropEmbedding(BaseMOTModel):
    """An appearance embedding of detection crops learned from unlabeled
    video and its detections (no identity is read), for a tracker that adds
    it to a motion tracker's cost (:class:`FusedByteTracker`, ``cue=
    'embedding'``).

    Not in either paper: paper B (Fu et al., CVPR 2021) learns its
    embedding from labeled images and unlabeled video; here its losses are
    applied to the input of paper A (Bastani et al.): the public detections
    of unlabeled footage, as clips of :class:`UnlabeledClipDataset` (use
    ``artificial=False``: the losses need no artificial detections). In
    every frame of a clip that has crops:

    * every detection is an instance; ``num_views`` random views of its
      crop (:class:`CropAugmentation`) are its samples, as the cells of an
      instance's mask are in paper B, and their mean its centre C_i;
    * instance-contrastive loss (Eq. 2-5): each view near its centre (L1),
      each centre classified as itself against the frame's other
      detections (softmax of dot products, Eq. 3);
    * maximum-entropy loss (Eq. 6): each centre equally unlike the frame's
      other detections;
    * cycle-consistency loss (Eq. 7-8) over the clip's frames that have
      crops: the centres of frame 0 sent to the last frame and back by the
      softmax transitions of Eq. 7 should return to themselves. With
      ``LoadClipCrops(frames='ends')`` these are I0 and In, a single
      two-frame cycle across the clip's gap (paper B's Table 2 finds two
      frames best); with ``frames='all'`` one cycle through every frame.

    Two detections of one person in a frame (duplicates of a public
    detector) are contrasted as different instances; detections are
    thresholded by the dataset's ``det_score_thr`` to keep them rare.

    Args:
        embedder (dict): The :class:`CropEmbeddingNetwork`.
        augmentation (dict): The :class:`CropAugmentation` (``TASK_UTILS``).
        num_views (int): Random views per crop (>= 2). Defaults to 2.
        loss_ic (dict): Instance-contrastive loss.
        loss_me (dict): Maximum-entropy loss.
        loss_cycle (dict, optional): Cycle-consistency loss; None trains
            the image losses only.
        tracker (dict, optional): The tracker for inference.
        detector (dict, optional): :class:`PublicDetector` for inference.
        data_preprocessor (dict, optional): Defaults to mmengine's
            ``BaseDataPreprocessor`` (crops are normalised here).
        augment_seed (int, optional): Seed of the views' draws (see
            :func:`step_generator`; they travel in every checkpoint, so
            ``--resume`` continues the unbroken run's views). Defaults to a
            draw from numpy's global stream, which ``randomness.seed``
            fixes.
    """

    def __init__(self,
                 embedder: dict,
                 augmentation: dict = dict(type='CropAugmentation'),
                 num_views: int = 2,
                 loss_ic: dict = dict(type='InstanceContrastiveLoss'),
                 loss_me: dict = dict(type='MaxEntropyLoss'),
                 loss_cycle: Optional[dict] = dict(
                     type='CycleConsistencyLoss'),
                 tracker: Optional[dict] = None,
                 detector: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 augment_seed: Optional[int] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, init_cfg)
        if num_views < 2:
            raise ValueError(f'num_views must be >= 2 (an instance of one '
                             f'view has no centre loss), got {num_views}')
        if augment_seed is None:
            augment_seed = int(np.random.randint(2**31))
        self.register_buffer('augment_seed', torch.tensor(augment_seed))
        self.register_buffer('augment_step', torch.tensor(0))
        self.embedder = MODELS.build(embedder)
        self.augmentation = TASK_UTILS.build(augmentation)
        self.num_views = num_views
        self.loss_ic = MODELS.build(loss_ic)
        self.loss_me = MODELS.build(loss_me)
        self.loss_cycle = MODELS.build(loss_cycle) if loss_cycle else None
        self.tracker = MODELS.build(tracker) if tracker else None
        self.detector = MODELS.build(detector) if detector else None

    def embed_crops(self, crops: Tensor) -> Tensor:
        """``(N, 3, S, S)`` crops in [0, 255] -> ``(N, D)`` embeddings (the
        tracker's cue)."""
        return self.embedder(crops)

    # ------------------------------------------------------------ training
    @staticmethod
    def _frames_of_crops(data_samples: List[BaseDataElement],
                         num_crops: List[int]) -> List[List[Tensor]]:
        """Per clip, the batch indices of the crops of each frame that has
        crops, in time order."""
        clips, offset = [], 0
        for sample, n in zip(data_samples, num_crops):
            if bool(sample.artificial.any()):
                raise ValueError(
                    'a clip has artificial detections: they are not '
                    'instances of their frame; set the dataset\'s '
                    'artificial=False for ContrastiveCropEmbedding')
            frames = [idx[idx >= 0] + offset for idx in sample.crop_index]
            clips.append([f for f in frames if len(f)])
            offset += n
        return clips

    def loss(self, inputs: List[Tensor],
             data_samples: List[BaseDataElement], **kwargs) -> dict:
        """IC + ME on the crops' views, cycle over the clips' frames."""
        device = self.augment_seed.device
        num_crops = [len(x) for x in inputs]
        clips = self._frames_of_crops(data_samples, num_crops)
        frames = [f.to(device) for clip in clips for f in clip]
        crops = normalise_crops(torch.cat([x.to(device) for x in inputs]))
        rng = step_generator(self.augment_seed, self.augment_step)
        views = torch.cat([self.augmentation(crops, rng)
                           for _ in range(self.num_views)])
        k = len(crops)
        embeds = self.embedder.embed_normalised(views)
        image_of_crop = torch.full((k, ), -1, dtype=torch.long,
                                   device=device)
        for i, f in enumerate(frames):
            image_of_crop[f] = i
        instance_ids = torch.arange(k, device=device).repeat(self.num_views)
        image_ids = image_of_crop.repeat(self.num_views)
        loss_ic, loss_me = tracking_embedding_losses(
            self.loss_ic, self.loss_me, embeds, instance_ids, image_ids,
            max(len(frames), 1))
        losses = dict(loss_ic=loss_ic, loss_me=loss_me)
        centers = embeds.view(self.num_views, k, -1).mean(0)
        if self.loss_cycle is not None:
            cycle_clips = [[centers[f.to(device)] for f in clip]
                           for clip in clips if len(clip) >= 2]
            losses['loss_cycle'] = self.loss_cycle(cycle_clips, centers)
        losses.update(self._diagnostics(embeds.detach(), centers.detach(),
                                        frames))
        return losses

    def _diagnostics(self, embeds: Tensor, centers: Tensor,
                     frames: List[Tensor]) -> dict:
        """Label-free measures, in [0, 1] / [-1, 1]: ``view_accuracy``, the
        share of views whose nearest centre of their frame (dot product) is
        their own detection's; ``cosine_others``, the mean cosine between
        centres of different detections of a frame (near 1: collapse)."""
        k = len(centers)
        views = embeds.view(self.num_views, k, -1)
        hits, total, cosines = 0, 0, []
        for f in frames:
            if len(f) < 2:
                continue
            c = centers[f]
            own = torch.arange(len(f), device=c.device)
            for v in views[:, f]:
                hits += int(((v @ c.T).argmax(1) == own).sum())
                total += len(f)
            cos = F.normalize(c, dim=1) @ F.normalize(c, dim=1).T
            off = ~torch.eye(len(f), dtype=torch.bool, device=c.device)
            cosines.append(cos[off].mean())
        return dict(
            view_accuracy=centers.new_tensor(hits / max(total, 1)),
            cosine_others=(torch.stack(cosines).mean() if cosines else
                           centers.new_tensor(0.0)))

    # ----------------------------------------------------------- inference
    def predict(self, inputs, data_samples: TrackSampleList,
                rescale: bool = True, **kwargs) -> TrackSampleList:
        """Track a video frame by frame (batch of one video, as mmdet's MOT
        models)."""
        return track_video(self, data_samples, rescale)
