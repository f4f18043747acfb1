"""ByteTrack's motion and association with a cue learned without labels
added to its cost: cross-input consistency's transition matrix or an
appearance embedding trained with SOLO-Track's losses."""
from typing import List, Optional, Tuple

import lap
import numpy as np
import torch
from mmdet.models.trackers import ByteTracker
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import bbox_cxcyah_to_xyxy, bbox_overlaps
from mmengine.structures import InstanceData
from torch import Tensor

from mmtrack_unsup.models.association import (sampled_visual_scores,
                                              transition_matrix)
from mmtrack_unsup.utils.threads import intra_op_threads
from .rnn_tracker import normalise_boxes

CUES = ('visual_spatial', 'visual_only', 'spatial_only', 'embedding')


@MODELS.register_module()
class FusedByteTracker(ByteTracker):
    """mmdet's :class:`ByteTracker` (its Kalman filter, two-stage high/low
    score matching, tentative tracks and track ends, all unchanged) whose
    matching cost also reads a transition probability learned without
    labels: that of a cross-input consistency network, or that of an
    appearance embedding trained with paper B's losses
    (:class:`ContrastiveCropEmbedding`).

    Not in either paper: paper A's own tracker (:class:`RNNTracker`) matches
    on the network's transition matrix alone; this one adds that matrix to
    the cost of a motion tracker, so a user's footage can improve ByteTrack
    instead of replacing it. Each frame, before ByteTrack associates:

    * the network's transition matrix ``P`` (Eq. 1, Sec. 3.2) between every
      kept track and every detection ByteTrack reads (score above
      ``obj_score_thrs['low']``) is computed as at paper A's inference
      (Sec. 4.1): ``'visual_only'`` from each track's earlier crops
      (``num_visual_samples`` averaged), ``'spatial_only'`` from the LSTM
      state of the track's boxes, ``'visual_spatial'`` their minimum
      M = min(A, B); ``'embedding'`` from the appearance embeddings of
      :class:`ContrastiveCropEmbedding` (``model.embed_crops``): the
      softmax over the frame's detections of the dot products of each
      track's embedding and theirs, divided by ``embed_temperature`` (the
      transition A_t^{t+1} its cycle loss trains, paper B's Eq. 7), the
      track's embedding a running mean of its detections' with
      ``embed_momentum``;
    * in each of ByteTrack's matching stages, ByteTrack decides which pairs
      may match (IoU of the Kalman prediction and the detection, weighted
      by the detection score where ByteTrack weights it, above that stage's
      threshold) and the learned cue helps decide which of them do: the
      assignment minimises the sum of ``1 - s`` over the matched pairs,
      ``s = (1 - cue_weight) * IoU + cue_weight * P``, every allowed pair
      still preferred to leaving its track and detection unmatched, as in
      ByteTrack.

    ``cue_weight=0`` is ByteTrack exactly (tested). The cue never joins a
    track to a detection ByteTrack's motion model rules out, and never
    drops a match ByteTrack would make for lack of one. Mixing ``P`` into
    the similarity that ByteTrack's thresholds read (tried first) does
    drop them: the second stage's threshold (0.5) then rejects low-score
    detections whenever ``P`` is unsure of them (a first run on TUD with
    cue_weight 0.5 / 0.75 lost 3 / 11 HOTA to ByteTrack that way).

    Args:
        cue (str): Which learned output is ``P`` (see above).
        cue_weight (float): Weight of ``P`` in the similarity, in [0, 1].
        num_visual_samples (int): Earlier crops averaged per track (5, the
            paper's).
        embed_temperature (float): Softmax temperature of the
            ``'embedding'`` cue. Defaults to 1 (paper B's Eq. 3).
        embed_momentum (float): A track's embedding becomes ``(1 - m) old +
            m new`` with each detection it takes (``'embedding'`` cue; 1
            keeps the latest). Defaults to 0.5.
        seed (int): Seed of the crop sampling; reset with every video.
        num_threads (int, optional): Intra-op threads while associating (see
            :class:`RNNTracker`).
        **kwargs: :class:`ByteTracker`'s arguments (``motion``,
            ``obj_score_thrs``, ``init_track_thr``, ``match_iou_thrs``,
            ``num_tentatives``, ``num_frames_retain``, ...).
    """

    def __init__(self,
                 cue: str = 'visual_spatial',
                 cue_weight: float = 0.5,
                 num_visual_samples: int = 5,
                 embed_temperature: float = 1.0,
                 embed_momentum: float = 0.5,
                 seed: int = 0,
                 num_threads: Optional[int] = 1,
                 **kwargs) -> None:
        if cue not in CUES:
            raise ValueError(f'cue must be one of {CUES}, got {cue!r}')
        if not 0.0 <= cue_weight <= 1.0:
            raise ValueError(f'cue_weight must be in [0, 1], got {cue_weight}')
        self.cue = cue
        self.cue_weight = cue_weight
        self.num_visual_samples = num_visual_samples
        self.embed_temperature = embed_temperature
        self.seed = seed
        self.num_threads = num_threads
        self._frame = None
        self._hidden_visual = None
        # momentum 1 keeps only the latest LSTM state of every track
        super().__init__(momentums=dict(lstm_h=1.0, lstm_c=1.0,
                                        embeds=embed_momentum), **kwargs)

    def reset(self) -> None:
        super().reset()
        self.rng = np.random.default_rng(self.seed)
        self._hidden_visual = None

    @property
    def uses_visual(self) -> bool:
        return self.cue in ('visual_spatial', 'visual_only')

    @property
    def uses_spatial(self) -> bool:
        return self.cue in ('visual_spatial', 'spatial_only')

    @property
    def uses_embedding(self) -> bool:
        return self.cue == 'embedding'

    @torch.no_grad()
    def track(self,
              data_sample: DetDataSample,
              model=None,
              **kwargs) -> InstanceData:
        """One frame: the learned cue of ``model`` (the network
        ``model.network``, :class:`RNNMatchingNetwork`; cue ``'embedding'``:
        ``model.embed_crops``), then ByteTrack's association."""
        if self.uses_embedding:
            if not hasattr(model, 'embed_crops'):
                raise ValueError("cue 'embedding' needs a model with "
                                 'embed_crops (ContrastiveCropEmbedding), '
                                 f'got {type(model).__name__}')
        elif model is None or not hasattr(model, 'network'):
            raise ValueError('FusedByteTracker needs the cross-input model '
                             '(model=..., with a `network`)')
        with intra_op_threads(self.num_threads):
            if data_sample.metainfo.get('frame_id', -1) == 0:
                self.reset()
            self._frame = self._frame_cues(model, data_sample)
            try:
                return super().track(data_sample)
            finally:
                self._frame = None

    # ------------------------------------------------------------ the cue
    def _frame_cues(self, model, data_sample: DetDataSample) -> dict:
        """Features of the frame's detections and the matrix ``P`` of every
        kept track against them."""
        # only what ByteTrack reads: detections above its low threshold
        dets = data_sample.pred_instances
        dets = dets[dets.scores > self.obj_score_thrs['low']]
        if self.uses_embedding:
            return self._embedding_cues(model, dets)
        net = model.network
        meta = data_sample.metainfo
        device = net.absent_embedding.device
        n = len(dets)
        height, width = meta.get('ori_shape', (meta.get('height'),
                                               meta.get('width')))
        if height is None or width is None:
            raise KeyError('frame size unknown: add width/height or '
                           'ori_shape to PackTrackInputs(meta_keys=...)')
        boxes = normalise_boxes(dets.bboxes.to(device), float(width),
                                float(height))
        frame = dict(net=net, bboxes=dets.bboxes)
        if self.uses_spatial:
            if self._hidden_visual is None:  # once per video
                self._hidden_visual = net.hidden_visual_features(device)
            frame['spatial'] = net.detection_features(
                self._hidden_visual.expand(n, -1), boxes)
        if self.uses_visual:
            visual = net.encode_crops(self._crops(dets, device))
            frame['visual'] = net.detection_features(
                visual, torch.zeros_like(boxes))
        frame['rows'] = {i: r for r, i in enumerate(self.ids)}
        frame['probs'] = torch.zeros(len(self.ids), n, device=device)
        if self.ids and n:
            probs = []
            if self.uses_spatial:
                h = torch.cat([self.tracks[i]['lstm_h'] for i in self.ids])
                probs.append(transition_matrix(
                    net.score(h, frame['spatial'])))
            if self.uses_visual:
                probs.append(transition_matrix(sampled_visual_scores(
                    net, [self.tracks[i]['visual'] for i in self.ids],
                    frame['visual'], self.num_visual_samples, self.rng)))
            m = probs[0] if len(probs) == 1 else torch.minimum(*probs)
            frame['probs'] = m[:, :-1]  # drop the absent column
        return frame

    def _crops(self, dets: InstanceData, device) -> Tensor:
        """``(N, 3, S, S)`` crops of the detections."""
        if 'crops' not in dets:
            raise KeyError(f'cue {self.cue!r} needs crops: add '
                           'CropPublicDetections to the pipeline and '
                           "'public_crops' to PackTrackInputs meta_keys")
        return dets.crops.to(device).permute(0, 3, 1, 2)

    def _embedding_cues(self, model, dets: InstanceData) -> dict:
        """The ``'embedding'`` cue: each kept track's embedding against the
        frame's detections' (see the class docstring)."""
        device = next(model.parameters()).device
        embeds = model.embed_crops(self._crops(dets, device))
        frame = dict(bboxes=dets.bboxes, embeds=embeds,
                     rows={i: r for r, i in enumerate(self.ids)},
                     probs=embeds.new_zeros(len(self.ids), len(dets)))
        if self.ids and len(dets):
            tracks = torch.cat([self.tracks[i]['embeds'] for i in self.ids])
            frame['probs'] = torch.softmax(
                tracks @ embeds.T / self.embed_temperature, dim=1)
        return frame

    def _det_rows(self, det_bboxes: Tensor) -> Tensor:
        """Rows of the frame's detections that ``det_bboxes`` (a subset
        ByteTrack selected by score) are."""
        frame = self._frame['bboxes'].to(det_bboxes.device)
        same = (det_bboxes[:, None, :] == frame[None]).all(-1)
        if not same.any(1).all():
            raise RuntimeError('a box to associate is not among the frame\'s '
                               'detections')
        return same.float().argmax(1)

    # ------------------------------------------------- ByteTrack, extended
    def assign_ids(
            self,
            ids: List[int],
            det_bboxes: Tensor,
            det_labels: Tensor,
            det_scores: Tensor,
            weight_iou_with_det_scores: Optional[bool] = False,
            match_iou_thr: Optional[float] = 0.5
    ) -> Tuple[np.ndarray, np.ndarray]:
        """:meth:`ByteTracker.assign_ids` with the fused similarity."""
        if self.cue_weight == 0 or not len(ids) or not len(det_bboxes):
            return super().assign_ids(ids, det_bboxes, det_labels,
                                      det_scores, weight_iou_with_det_scores,
                                      match_iou_thr)
        track_bboxes = bbox_cxcyah_to_xyxy(
            torch.from_numpy(np.stack([self.tracks[i].mean[:4]
                                       for i in ids])).to(det_bboxes))
        ious = bbox_overlaps(track_bboxes, det_bboxes)
        if weight_iou_with_det_scores:
            ious = ious * det_scores
        track_labels = torch.tensor(
            [int(self.tracks[i]['labels'][-1]) for i in ids],
            device=det_labels.device)
        probs = self._frame['probs'][[self._frame['rows'][i] for i in ids]]
        probs = probs[:, self._det_rows(det_bboxes).to(probs.device)]
        probs = probs.to(ious)
        # ByteTrack's rule: IoU above the stage's threshold, same class
        allowed = (ious > match_iou_thr) & (
            det_labels[None, :] == track_labels[:, None]).to(ious.device)
        w = self.cue_weight
        sim = (1 - w) * ious + w * probs
        # every allowed pair costs less than its two unmatched ends
        # (cost_limit / 2 each in lapjv's extension), a ruled-out pair more
        limit = 1 - match_iou_thr
        dists = torch.where(allowed, limit * (1 - sim) * (1 - 1e-6),
                            torch.full_like(sim, 2 * limit + 1))
        _, row, col = lap.lapjv(dists.cpu().numpy(), extend_cost=True,
                                cost_limit=limit)
        return row, col

    def update(self, **kwargs) -> None:
        """Store, with ByteTrack's memo, what the cue reads later: each kept
        detection's visual feature or embedding, and (cues with B) the LSTM
        state of its
        track after this detection (one step of paper A's recurrence, Sec.
        3.1)."""
        frame = self._frame
        rows = self._det_rows(kwargs['bboxes']) if len(kwargs['bboxes']) \
            else torch.zeros(0, dtype=torch.long)
        rows = rows.to(frame['probs'].device)
        if self.uses_visual:
            kwargs['visual'] = frame['visual'][rows]
        if self.uses_embedding:
            kwargs['embeds'] = frame['embeds'][rows]
        if self.uses_spatial:
            kwargs['lstm_h'], kwargs['lstm_c'] = self._lstm_states(
                frame['net'], [int(i) for i in kwargs['ids']],
                frame['spatial'][rows])
        super().update(**kwargs)

    def _lstm_states(self, net, ids: List[int],
                     step: Tensor) -> Tuple[Tensor, Tensor]:
        """The tracks' LSTM states after one step on ``step`` (new tracks:
        their first)."""
        lstm_h = step.new_zeros(len(ids), net.hidden_dim)
        lstm_c = torch.zeros_like(lstm_h)
        known = [k for k, i in enumerate(ids) if i in self.tracks]
        new = [k for k, i in enumerate(ids) if i not in self.tracks]
        if known:
            h = torch.cat([self.tracks[ids[k]]['lstm_h'] for k in known])
            c = torch.cat([self.tracks[ids[k]]['lstm_c'] for k in known])
            lstm_h[known], lstm_c[known] = net.extend_tracks(
                step[known], (h, c))
        if new:
            lstm_h[new], lstm_c[new] = net.start_tracks(step[new])
        return lstm_h, lstm_c
