"""SOLO-Track: video instance segmentation learned from labeled images
(Fu et al., CVPR 2021)."""
from typing import List, Optional

from mmdet.models.mot import BaseMOTModel
from mmdet.models.utils import unpack_gt_instances
from mmdet.registry import MODELS
from mmdet.structures import SampleList, TrackSampleList
from torch import Tensor


@MODELS.register_module()
class SOLOTrack(BaseMOTModel):
    """A SOLO detector whose head adds tracking embeddings
    (:class:`SOLOTrackHead`), and a tracker that associates its instances
    over the frames of a video.

    ``loss()`` trains on single labeled images (COCO-style masks, Sec. 3.1):
    the instance-contrastive and max-entropy losses sit in the head. Batches
    may also hold unlabeled clips (:class:`ImageClipDataPreprocessor` marks
    their frames with ``clip_index``): their frames share the backbone and
    FPN forward with the images, and the head's video embedding is trained
    by the cycle-consistency loss over each clip (Sec. 3.4,
    ``loss_cycle``). Nothing of the clips but their pixels is read.
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

    # called with the frames 0..t (preprocessed) before frame t is
    # tracked; set by TestTimeAdaptationHook(mode='online'), None otherwise
    before_track_frame = None

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
        """Losses of a batch of labeled images and clip frames
        ``(B, C, H, W)``."""
        if inputs.dim() != 4:
            raise ValueError('SOLOTrack trains on single images (B, C, H, '
                             f'W); got a {inputs.dim()}-D input')
        clip_of = [s.metainfo.get('clip_index') for s in data_samples]
        if all(c is None for c in clip_of):
            return self.detector.loss(inputs, data_samples)
        labeled = [i for i, c in enumerate(clip_of) if c is None]
        head = self.detector.mask_head
        x = self.detector.extract_feat(inputs)
        mask_preds, cls_preds, embeds = head(x)
        losses = {}
        if labeled:
            gts, _, metas = unpack_gt_instances(
                [data_samples[i] for i in labeled])
            losses = head.loss_by_feat(
                *[[m[labeled] for m in maps]
                  for maps in (mask_preds, cls_preds, embeds)], gts, metas)
        losses['loss_cycle'] = self._cycle_loss(x, mask_preds, cls_preds,
                                                clip_of)
        # clips with a valid cell in every frame (CycleClipsHook warns when
        # none are, which leaves loss_cycle at 0)
        losses['cycle_clips'] = inputs.new_tensor(
            float(head.num_cycle_clips))
        return losses

    def _cycle_loss(self, x, mask_preds, cls_preds, clip_of: list) -> Tensor:
        """Eq. 8 over the clips of a batch; ``clip_of[i]``: the clip of
        image i (``None``: a labeled image), frames in time order."""
        frames = [i for i, c in enumerate(clip_of) if c is not None]
        clips = {}
        for new, i in enumerate(frames):
            clips.setdefault(clip_of[i], []).append(new)
        head = self.detector.mask_head
        video = head.video_embeddings(tuple(f[frames] for f in x))
        return head.loss_cycle_by_feat([m[frames] for m in mask_preds],
                                       [c[frames] for c in cls_preds], video,
                                       list(clips.values()))

    def cycle_loss(self, clips: Tensor) -> Tensor:
        """Eq. 8 over ``clips`` ``(K, n, C, H, W)`` (frames in time order,
        normalised as the data preprocessor does): the objective of
        test-time adaptation (Sec. 3.5). The head computes its training-time
        outputs whatever the model's mode; the backbone keeps its mode (in
        eval its BatchNorm statistics are not updated)."""
        if clips.dim() != 5 or clips.size(1) < 2:
            raise ValueError('cycle_loss takes clips (K, n >= 2, C, H, W); '
                             f'got {tuple(clips.shape)}')
        num, length = clips.shape[:2]
        clip_of = [c for c in range(num) for _ in range(length)]
        head = self.detector.mask_head
        was_training = head.training
        head.train()
        try:
            x = self.detector.extract_feat(clips.flatten(0, 1))
            mask_preds, cls_preds, _ = head(x)
            return self._cycle_loss(x, mask_preds, cls_preds, clip_of)
        finally:
            head.train(was_training)

    def predict(self, inputs: Tensor, data_samples: TrackSampleList,
                rescale: bool = True, **kwargs) -> TrackSampleList:
        """Track a video ``(1, T, C, H, W)`` frame by frame."""
        if inputs.dim() != 5 or inputs.size(0) != 1:
            raise ValueError('SOLOTrack tracks one video per batch, input '
                             f'(1, T, C, H, W); got {tuple(inputs.shape)}')
        track_sample = data_samples[0]
        frames: List = track_sample.video_data_samples
        for t, frame in enumerate(frames):
            # online test-time adaptation (TestTimeAdaptationHook) sees the
            # frames up to this one, never the later ones
            if self.before_track_frame is not None:
                self.before_track_frame(inputs[0, :t + 1])
            det = self.detector.predict(inputs[:, t].contiguous(), [frame],
                                        rescale=rescale)[0]
            frame.pred_track_instances = self.tracker.track(data_sample=det)
        return [track_sample]
