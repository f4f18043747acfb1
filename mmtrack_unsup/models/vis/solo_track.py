"""SOLO-Track: video instance segmentation learned from labeled images
(Fu et al., CVPR 2021)."""
from typing import List, Optional

from mmdet.models.mot import BaseMOTModel
from mmdet.registry import MODELS
from mmdet.structures import SampleList, TrackSampleList
from torch import Tensor


@MODELS.register_module()
class SOLOTrack(BaseMOTModel):
    """A SOLO detector whose head adds tracking embeddings
    (:class:`SOLOTrackHead`), and a tracker that associates its instances
    over the frames of a video.

    ``loss()`` trains on single labeled images (COCO-style masks, Sec. 3.1):
    the instance-contrastive and max-entropy losses sit in the head.
    ``predict()`` tracks one video at a time, like mmdet's VIS models, and
    returns ``pred_track_instances`` with masks for ``YouTubeVISMetric``.
    With ``tracker=dict(type='SpatialCategoryTracker')`` the same model is
    the paper's baseline (association by spatial overlap and category);
    ``embedding_thr`` adds the tracking embedding to that association.

    Args:
        detector (dict): mmdet ``SOLO`` with ``mask_head`` a
            :class:`SOLOTrackHead`.
        tracker (dict): :class:`PrototypeTracker`, or
            :class:`SpatialCategoryTracker` (the baseline without
            ``embedding_thr``, the embedding as an extra cue with it).
        data_preprocessor (dict, optional): ``TrackDataPreprocessor`` with
            ``use_det_processor=True`` (images in training, videos at test).
    """

    def __init__(self,
                 detector: dict,
                 tracker: dict,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, init_cfg)
        self.detector = MODELS.build(detector)
        self.tracker = MODELS.build(tracker)
        # the head computes embeddings only for instances scoring at least
        # prototype_score_thr; any the tracker keeps below it would be
        # tracked with a zero embedding (happened: 40% of the instances in
        # a config whose tracker kept scores from 0.2)
        head_thr = getattr(self.detector.mask_head, 'prototype_score_thr',
                           None)
        if (getattr(self.tracker, 'uses_embeddings', False)
                and head_thr is not None
                and self.tracker.score_thr < head_thr):
            raise ValueError(
                f'tracker.score_thr ({self.tracker.score_thr}) is below '
                'detector.mask_head.prototype_score_thr '
                f'({head_thr}): instances between the two would be '
                'tracked without embeddings; lower prototype_score_thr')

    def loss(self, inputs: Tensor, data_samples: SampleList,
             **kwargs) -> dict:
        """Losses of a batch of labeled images ``(B, C, H, W)``."""
        if inputs.dim() != 4:
            raise ValueError('SOLOTrack trains on single images (B, C, H, '
                             f'W); got a {inputs.dim()}-D input')
        return self.detector.loss(inputs, data_samples)

    def predict(self, inputs: Tensor, data_samples: TrackSampleList,
                rescale: bool = True, **kwargs) -> TrackSampleList:
        """Track a video ``(1, T, C, H, W)`` frame by frame."""
        if inputs.dim() != 5 or inputs.size(0) != 1:
            raise ValueError('SOLOTrack tracks one video per batch, input '
                             f'(1, T, C, H, W); got {tuple(inputs.shape)}')
        track_sample = data_samples[0]
        frames: List = track_sample.video_data_samples
        for t, frame in enumerate(frames):
            det = self.detector.predict(inputs[:, t].contiguous(), [frame],
                                        rescale=rescale)[0]
            frame.pred_track_instances = self.tracker.track(data_sample=det)
        return [track_sample]
