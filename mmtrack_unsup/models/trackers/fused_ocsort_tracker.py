"""OC-SORT's motion and association with a cue learned without labels added
to its cost (the OC-SORT counterpart of :class:`FusedByteTracker`)."""
from typing import List, Optional, Tuple

import lap
import mmdet.models.trackers.ocsort_tracker as mmdet_ocsort
import numpy as np
import torch
from mmdet.models.trackers import OCSORTTracker
from mmdet.registry import MODELS
from torch import Tensor

from .learned_cue import LearnedCueMixin


@MODELS.register_module()
class FusedOCSORTTracker(LearnedCueMixin, OCSORTTracker):
    """mmdet's :class:`OCSORTTracker` (its Kalman filter, observation-centric
    momentum, re-update and recovery, tentative tracks, all unchanged) whose
    observation-centric matching also reads a transition probability
    learned without labels (:class:`LearnedCueMixin`: the cross-input
    network's ``P`` or the embedding of :class:`ContrastiveCropEmbedding`).

    Not in either paper (issue 33): on the synthetic corpus OC-SORT
    associates better than ByteTrack, so the learned cue is added to it as
    :class:`FusedByteTracker` adds it to ByteTrack. In both of OC-SORT's
    momentum stages (confirmed tracks, then tentative ones), OC-SORT's own
    cost (1 - IoU of the Kalman prediction, weighted by the detection score
    where OC-SORT weights it, plus the velocity-direction term) decides
    which pairs may match, those below its limit ``1 - match_iou_thr`` with
    the same class, and the assignment minimises
    ``limit * ((1 - cue_weight) * cost + cue_weight * (1 - P))`` over them
    (:meth:`LearnedCueMixin._fused_assignment`). Observation-centric
    recovery (the last observation of a lost track against what is left)
    stays OC-SORT's IoU matching: mmdet's stage does not name the tracks it
    matches, and the cue is not needed to keep it as published. With
    ``veto_margin`` set, the appearance veto drops pairs there too (the
    tracks are named by their last observations), so a track vetoed in the
    momentum stage cannot take the same detection back in recovery.

    ``cue_weight=0`` is OC-SORT exactly (tested frame by frame).

    Args:
        cue (str): Which learned output is ``P`` (see
            :class:`LearnedCueMixin`).
        cue_weight (float): Weight of ``P`` in the cost, in [0, 1].
        num_visual_samples (int): Earlier crops averaged per track.
        embed_temperature (float): Softmax temperature of the
            ``'embedding'`` cue.
        embed_momentum (float): Running-mean momentum of a track's
            embedding.
        embed_similarity (str): ``'dot'`` or ``'cosine'`` (see
            :class:`LearnedCueMixin`).
        reid_cosine_thr (float, optional): Re-identify a track OC-SORT's
            cost rules out from the embedding inside its Kalman gate (see
            :class:`LearnedCueMixin`). Defaults to None (off).
        veto_margin (float, optional): Drop a pair OC-SORT allows whose
            embeddings' cosine is below ``other + veto_margin * (same -
            other)`` (see :class:`LearnedCueMixin`). Defaults to None
            (off).
        veto_min_samples (int): Sure matches seen in a video before the
            veto acts. Defaults to 30.
        seed (int): Seed of the crop sampling; reset with every video.
        num_threads (int, optional): Intra-op threads while associating.
        **kwargs: :class:`OCSORTTracker`'s arguments (``motion``,
            ``obj_score_thr``, ``init_track_thr``, ``match_iou_thr``,
            ``vel_consist_weight``, ``vel_delta_t``, ...).
    """

    @property
    def cue_score_thr(self) -> float:
        # OC-SORT reads detections above obj_score_thr, and on an empty
        # frame those above init_track_thr
        return min(self.obj_score_thr, self.init_track_thr)

    def ocm_assign_ids(
            self,
            ids: List[int],
            det_bboxes: Tensor,
            det_labels: Tensor,
            det_scores: Tensor,
            weight_iou_with_det_scores: Optional[bool] = False,
            match_iou_thr: Optional[float] = 0.5
    ) -> Tuple[np.ndarray, np.ndarray]:
        """:meth:`OCSORTTracker.ocm_assign_ids` with the fused cost."""
        if self.cue_weight == 0 or not len(ids) or not len(det_bboxes):
            return super().ocm_assign_ids(ids, det_bboxes, det_labels,
                                          det_scores,
                                          weight_iou_with_det_scores,
                                          match_iou_thr)
        cost = torch.from_numpy(self._ocsort_cost(
            super().ocm_assign_ids, ids, det_bboxes, det_labels, det_scores,
            weight_iou_with_det_scores, match_iou_thr)).to(det_bboxes)
        limit = 1 - match_iou_thr
        # OC-SORT's rule: cost below its limit (a pair of another class
        # costs 1e6)
        allowed = cost < limit
        veto = self._veto_pairs(ids, det_bboxes, allowed)
        return self._fused_assignment(
            cost, allowed & ~veto.to(allowed.device),
            self._cue_probs(ids, det_bboxes), limit,
            self._reid_pairs(ids, det_bboxes, det_labels, allowed))

    def ocr_assign_ids(self,
                       track_obs: Tensor,
                       last_track_labels: Tensor,
                       det_bboxes: Tensor,
                       det_labels: Tensor,
                       det_scores: Tensor,
                       weight_iou_with_det_scores: Optional[bool] = False,
                       match_iou_thr: Optional[float] = 0.5
                       ) -> Tuple[np.ndarray, np.ndarray]:
        """:meth:`OCSORTTracker.ocr_assign_ids` (observation-centric
        recovery, IoU of a lost track's last observation), less the pairs
        the appearance veto drops; OC-SORT's own when ``veto_margin`` is
        None."""
        args = (track_obs, last_track_labels, det_bboxes, det_labels,
                det_scores, weight_iou_with_det_scores, match_iou_thr)
        if self._calibration is None or not len(track_obs) or \
                not len(det_bboxes):
            return super().ocr_assign_ids(*args)
        cost = self._ocsort_cost(super().ocr_assign_ids, *args)
        limit = 1 - match_iou_thr
        veto = self._veto_pairs(self._ids_of_observations(track_obs),
                                det_bboxes, torch.from_numpy(cost < limit),
                                learn=False).numpy()
        _, row, col = lap.lapjv(np.where(veto, 2 * limit + 1, cost),
                                extend_cost=True, cost_limit=limit)
        return row, col

    def _ids_of_observations(self, track_obs: Tensor) -> List[int]:
        """The tracks whose last observations are the rows of
        ``track_obs``: mmdet lists the unmatched tracks in the order of
        ``self.tracks``, so each row is the next track in that order with
        that observation."""
        ids, tracks = [], iter(self.tracks.items())
        for obs in track_obs:
            for i, track in tracks:
                if torch.equal(self.last_obs(track).to(obs), obs):
                    ids.append(i)
                    break
            else:
                raise RuntimeError('an observation to recover is no '
                                   "track's last observation")
        return ids

    @staticmethod
    def _ocsort_cost(method, *args) -> np.ndarray:
        """OC-SORT's own cost matrix of ``method`` (mmdet's
        :meth:`ocm_assign_ids` or :meth:`ocr_assign_ids`), read back from
        mmdet's code (its lapjv call intercepted), so that its IoU, class
        and velocity-direction terms are mmdet's, not a copy."""
        captured = {}

        class Capture:

            @staticmethod
            def lapjv(dists, **kwargs):
                captured['dists'] = np.array(dists, copy=True)
                n, m = dists.shape
                return 0.0, -np.ones(n, dtype=int), -np.ones(m, dtype=int)

        real = mmdet_ocsort.lap
        mmdet_ocsort.lap = Capture
        try:
            method(*args)
        finally:
            mmdet_ocsort.lap = real
        return captured['dists']
