"""A detector-like module that returns a frame's precomputed detections."""
from typing import List, Optional, Sequence

import numpy as np
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.model import BaseModule
from mmengine.structures import InstanceData
from torch import Tensor


@MODELS.register_module()
class PublicDetector(BaseModule):
    """Hands each frame's public detections to a MOT model.

    mmdet's MOT models (``DeepSORT``, ``ByteTrack``, ``OCSORT``) call
    ``self.detector.predict(img, [data_sample])`` once per frame; this module
    answers with the detections that :class:`PublicDetVideoDataset` put in
    the frame's metainfo, so every tracker runs on identical inputs. When
    the frame also carries ``public_crops`` (:class:`CropPublicDetections`),
    the crops of the kept detections travel along as ``crops``.

    Args:
        score_thr (float): Drop detections scoring below this. Defaults to
            -inf: the trackers apply their own thresholds.
        classes (Sequence[int], optional): Keep only these label indices.
        init_cfg (dict, optional): Unused; for the module interface.
    """

    def __init__(self,
                 score_thr: float = float('-inf'),
                 classes: Optional[Sequence[int]] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg)
        self.score_thr = score_thr
        self.classes = None if classes is None else list(classes)

    def predict(self,
                inputs: Tensor,
                data_samples: List[DetDataSample],
                rescale: bool = True) -> List[DetDataSample]:
        """Set ``pred_instances`` of every data sample.

        Boxes are stored in original image pixels; with ``rescale=False`` they
        are mapped into the network input's frame with ``scale_factor``.
        """
        device = inputs.device if isinstance(inputs, Tensor) else 'cpu'
        for sample in data_samples:
            meta = sample.metainfo
            if 'public_bboxes' not in meta:
                raise KeyError(
                    'frame has no public detections: use '
                    'PublicDetVideoDataset(detection_file=...) and add '
                    "'public_bboxes', 'public_scores', 'public_labels' to "
                    'PackTrackInputs(meta_keys=...)')
            bboxes = torch.as_tensor(meta['public_bboxes'],
                                     dtype=torch.float32, device=device)
            scores = torch.as_tensor(meta['public_scores'],
                                     dtype=torch.float32, device=device)
            labels = torch.as_tensor(meta['public_labels'],
                                     dtype=torch.long, device=device)
            keep = scores >= self.score_thr
            if self.classes is not None:
                keep &= torch.isin(labels,
                                   torch.tensor(self.classes, device=device))
            bboxes, scores, labels = bboxes[keep], scores[keep], labels[keep]
            if not rescale and 'scale_factor' in meta:
                sx, sy = meta['scale_factor']
                bboxes = bboxes * bboxes.new_tensor([sx, sy, sx, sy])
            sample.pred_instances = InstanceData(
                bboxes=bboxes.reshape(-1, 4), scores=scores, labels=labels)
            if 'public_crops' in meta:
                # the crops follow the detections that survive the filters
                crops = torch.as_tensor(np.asarray(meta['public_crops']),
                                        device=device)
                if len(crops) != len(keep):
                    raise ValueError(
                        f'{len(crops)} public_crops for {len(keep)} '
                        'public_bboxes: crop after loading the detections')
                sample.pred_instances.crops = crops[keep]
        return data_samples
