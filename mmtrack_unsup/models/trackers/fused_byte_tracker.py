"""ByteTrack's motion and association with a cue learned without labels
added to its cost: cross-input consistency's transition matrix or an
appearance embedding trained with SOLO-Track's losses."""
from typing import List, Optional, Tuple

import numpy as np
import torch
from mmdet.models.trackers import ByteTracker
from mmdet.registry import MODELS
from mmdet.structures.bbox import bbox_cxcyah_to_xyxy, bbox_overlaps
from torch import Tensor

from .learned_cue import LearnedCueMixin


@MODELS.register_module()
class FusedByteTracker(LearnedCueMixin, ByteTracker):
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

    * the transition matrix ``P`` between every kept track and every
      detection ByteTrack reads (score above ``obj_score_thrs['low']``) is
      computed as :class:`LearnedCueMixin` describes (``cue``: paper A's
      visual-only A, spatial-only B or M = min(A, B), or the embedding's
      softmax);
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
    drops a match ByteTrack would make for lack of one (except where the
    opt-in re-identification and appearance veto of
    :class:`LearnedCueMixin` do). Mixing ``P`` into
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
        embed_similarity (str): ``'dot'`` (paper B's Eq. 3) or ``'cosine'``
            (see :class:`LearnedCueMixin`). Defaults to ``'dot'``.
        reid_cosine_thr (float, optional): Re-identify a track the IoU rule
            rules out from the embedding inside its Kalman gate (see
            :class:`LearnedCueMixin`). Defaults to None (off).
        veto_margin (float, optional): Drop a pair ByteTrack allows whose
            embeddings' cosine is below ``other + veto_margin * (same -
            other)``, the medians of the video's sure matches and of other
            objects (see :class:`LearnedCueMixin`,
            :class:`OnlineCosineCalibration`). Defaults to None (off).
        veto_min_samples (int): Sure matches seen in a video before the
            veto acts. Defaults to 30.
        seed (int): Seed of the crop sampling; reset with every video.
        num_threads (int, optional): Intra-op threads while associating (see
            :class:`RNNTracker`).
        **kwargs: :class:`ByteTracker`'s arguments (``motion``,
            ``obj_score_thrs``, ``init_track_thr``, ``match_iou_thrs``,
            ``num_tentatives``, ``num_frames_retain``, ...).
    """

    @property
    def cue_score_thr(self) -> float:
        return self.obj_score_thrs['low']

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
        # ByteTrack's rule: IoU above the stage's threshold, same class
        allowed = (ious > match_iou_thr) & (
            det_labels[None, :] == track_labels[:, None]).to(ious.device)
        veto = self._veto_pairs(ids, det_bboxes, allowed)
        return self._fused_assignment(
            1 - ious, allowed & ~veto.to(allowed.device),
            self._cue_probs(ids, det_bboxes), 1 - match_iou_thr,
            self._reid_pairs(ids, det_bboxes, det_labels, allowed))
