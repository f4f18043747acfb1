"""A cue learned without labels for mmdet's motion trackers: what the
fused trackers share (:class:`FusedByteTracker`, :class:`FusedOCSORTTracker`).
"""
from typing import List, Optional, Tuple

import lap
import numpy as np
import torch
import torch.nn.functional as F
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import bbox_xyxy_to_cxcyah
from mmengine.structures import InstanceData
from torch import Tensor

from mmtrack_unsup.models.association import (sampled_visual_scores,
                                              transition_matrix)
from mmtrack_unsup.utils.threads import intra_op_threads
from .cosine_calibration import OnlineCosineCalibration
from .rnn_tracker import normalise_boxes

CUES = ('visual_spatial', 'visual_only', 'spatial_only', 'embedding')


class LearnedCueMixin:
    """Adds a transition probability ``P`` learned without labels to a
    motion tracker of mmdet (put first among the bases, before the
    tracker's class).

    Each frame, before the motion tracker associates, ``P`` between every
    kept track and every detection the tracker reads (score above
    :attr:`cue_score_thr`) is computed (:meth:`_frame_cues`):
    ``'visual_only'`` from each track's earlier crops
    (``num_visual_samples`` averaged), ``'spatial_only'`` from the LSTM
    state of the track's boxes, ``'visual_spatial'`` their minimum
    M = min(A, B), as at paper A's inference (Bastani et al., Eq. 1, Sec.
    3.2 and 4.1); ``'embedding'`` from the appearance embeddings of
    :class:`ContrastiveCropEmbedding` (``model.embed_crops``): the softmax
    over the frame's detections of the dot products of each track's
    embedding and theirs, divided by ``embed_temperature`` (the transition
    A_t^{t+1} its cycle loss trains, Fu et al., Eq. 7), the track's
    embedding a running mean of its detections' with ``embed_momentum``.
    ``embed_similarity='cosine'`` (a deviation) uses the cosine instead of
    the dot product: the embedding's length carries little identity at
    inference, yet decides the dot product's argmax. With ground truth read
    for the analysis only (``tools/analysis_tools/embedding_identity.py``,
    synthetic tuning split, seed 0), the detection of the previous frame
    with the largest dot product is the same object for 80.8 % of the
    detections, the one with the largest cosine for 96.4 %.
    :meth:`_cue_probs` gives the block of ``P`` a matching stage reads, and
    :meth:`_fused_assignment` the assignment in which the motion tracker's
    cost decides which pairs may match and the cue helps decide which of
    them do. :meth:`update` stores what the cue reads later.

    Re-identification (``reid_cosine_thr``, cue ``'embedding'`` only; not in
    either paper): the motion cost alone rules out a track whose object
    reappears away from where its Kalman prediction drifted during an
    occlusion, and the tracker then opens a new identity. With
    ``reid_cosine_thr`` set, a pair the motion cost rules out may still
    match when the cosine of the track's and the detection's embeddings is
    at least ``reid_cosine_thr`` and the detection lies inside the track's
    Kalman gate (squared Mahalanobis distance of the box under the 95 %
    chi-square quantile, 4 degrees of freedom: mmdet's
    ``KalmanFilter.gating_threshold``), as DeepSORT gates appearance
    matches (Wojke et al., ICIP 2017, Sec. 2.2). ``None`` (the default)
    keeps the motion tracker's rule.

    Appearance veto (``veto_margin``, cue ``'embedding'`` only; not in either
    paper): the motion cost alone lets a track take a neighbour's detection
    when its own object is missed, as when two people walk side by side (on
    TUD-Campus, the fused tracker of one seed passed one identity back and
    forth between two such people). With ``veto_margin`` set, a pair the
    motion cost allows is dropped when the cosine of the track's and the
    detection's embeddings is below the threshold of
    :class:`OnlineCosineCalibration`, learned on the video being tracked
    from the motion tracker's own sure matches one frame apart. Only tracks
    matched in the previous frame are vetoed, as the threshold is learned
    one frame apart: a track's object looks less like its embedding after
    a gap (a first version that vetoed every track dropped mostly right
    matches after gaps on the synthetic tuning split). A vetoed track stays
    unmatched that frame, as DeepSORT and BoT-SORT reject matches whose
    appearance distance is too large (Wojke et al., Sec. 2.2; Aharon et
    al., 2022, their IoU-Re-ID fusion), but with the threshold calibrated
    on the footage instead of fixed. Until ``veto_min_samples`` sure
    matches are seen in a video, nothing is vetoed. ``None`` (the default)
    keeps the motion tracker's rule. Scored after freezing it lost on TUD
    (``docs/crop_embedding/experiments.md``), so the shipped configs keep
    it off.
    """

    def __init__(self,
                 cue: str = 'visual_spatial',
                 cue_weight: float = 0.5,
                 num_visual_samples: int = 5,
                 embed_temperature: float = 1.0,
                 embed_momentum: float = 0.5,
                 embed_similarity: str = 'dot',
                 reid_cosine_thr: Optional[float] = None,
                 veto_margin: Optional[float] = None,
                 veto_min_samples: int = 30,
                 seed: int = 0,
                 num_threads: Optional[int] = 1,
                 **kwargs) -> None:
        if cue not in CUES:
            raise ValueError(f'cue must be one of {CUES}, got {cue!r}')
        if not 0.0 <= cue_weight <= 1.0:
            raise ValueError(f'cue_weight must be in [0, 1], got {cue_weight}')
        if embed_similarity not in ('dot', 'cosine'):
            raise ValueError("embed_similarity must be 'dot' or 'cosine', "
                             f'got {embed_similarity!r}')
        if reid_cosine_thr is not None and (cue != 'embedding'
                                            or cue_weight == 0):
            raise ValueError('reid_cosine_thr needs cue=\'embedding\' and '
                             f'cue_weight > 0 (got cue={cue!r}, '
                             f'cue_weight={cue_weight})')
        if veto_margin is not None and (cue != 'embedding'
                                        or cue_weight == 0):
            raise ValueError('veto_margin needs cue=\'embedding\' and '
                             f'cue_weight > 0 (got cue={cue!r}, '
                             f'cue_weight={cue_weight})')
        self.cue = cue
        self.cue_weight = cue_weight
        self.reid_cosine_thr = reid_cosine_thr
        self.veto_margin = veto_margin
        self.veto_min_samples = veto_min_samples
        self._calibration = None
        self.num_visual_samples = num_visual_samples
        self.embed_temperature = embed_temperature
        self.embed_similarity = embed_similarity
        self.seed = seed
        self.num_threads = num_threads
        self._frame = None
        self._hidden_visual = None
        # the motion tracker's arguments; its memo also keeps what the cue
        # reads (momentum 1 keeps only the latest LSTM state of a track)
        super().__init__(momentums=dict(lstm_h=1.0, lstm_c=1.0,
                                        embeds=embed_momentum), **kwargs)

    @property
    def cue_score_thr(self) -> float:
        """Detections scored above this are the ones the tracker reads."""
        raise NotImplementedError

    def reset(self) -> None:
        super().reset()
        self.rng = np.random.default_rng(self.seed)
        self._hidden_visual = None
        # the veto's threshold is learned anew on every video
        self._calibration = None if self.veto_margin is None else \
            OnlineCosineCalibration(self.veto_margin, self.veto_min_samples)

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
        ``model.embed_crops``), then the motion tracker's association."""
        if self.uses_embedding:
            if not hasattr(model, 'embed_crops'):
                raise ValueError("cue 'embedding' needs a model with "
                                 'embed_crops (ContrastiveCropEmbedding), '
                                 f'got {type(model).__name__}')
        elif model is None or not hasattr(model, 'network'):
            raise ValueError(f'{type(self).__name__} needs the cross-input '
                             'model (model=..., with a `network`)')
        with intra_op_threads(self.num_threads):
            if data_sample.metainfo.get('frame_id', -1) == 0:
                self.reset()
            self._frame = self._frame_cues(model, data_sample)
            self._frame['frame_id'] = data_sample.metainfo.get('frame_id')
            try:
                return super().track(data_sample)
            finally:
                self._frame = None

    # ------------------------------------------------------------ the cue
    def _frame_cues(self, model, data_sample: DetDataSample) -> dict:
        """Features of the frame's detections and the matrix ``P`` of every
        kept track against them."""
        # only what the motion tracker reads
        dets = data_sample.pred_instances
        dets = dets[dets.scores > self.cue_score_thr]
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
                     units=F.normalize(embeds, dim=1),
                     rows={i: r for r, i in enumerate(self.ids)},
                     probs=embeds.new_zeros(len(self.ids), len(dets)))
        if self.ids and len(dets):
            tracks = torch.cat([self.tracks[i]['embeds'] for i in self.ids])
            if self.embed_similarity == 'cosine':
                tracks, embeds = F.normalize(tracks, dim=1), frame['units']
            frame['probs'] = torch.softmax(
                tracks @ embeds.T / self.embed_temperature, dim=1)
        return frame

    def _det_rows(self, det_bboxes: Tensor) -> Tensor:
        """Rows of the frame's detections that ``det_bboxes`` (a subset
        the motion tracker selected by score) are."""
        frame = self._frame['bboxes'].to(det_bboxes.device)
        same = (det_bboxes[:, None, :] == frame[None]).all(-1)
        if not same.any(1).all():
            raise RuntimeError('a box to associate is not among the frame\'s '
                               'detections')
        return same.float().argmax(1)

    def update(self, **kwargs) -> None:
        """Store, with the motion tracker's memo, what the cue reads later:
        each kept detection's visual feature or embedding, and (cues with B)
        the LSTM state of its track after this detection (one step of paper
        A's recurrence, Sec. 3.1)."""
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

    # ------------------------------------------------- the fused assignment
    def _cue_probs(self, ids: List[int], det_bboxes: Tensor) -> Tensor:
        """``P`` of the tracks ``ids`` against ``det_bboxes`` (a subset of
        the frame's detections)."""
        probs = self._frame['probs'][[self._frame['rows'][i] for i in ids]]
        return probs[:, self._det_rows(det_bboxes).to(probs.device)]

    def _cosines(self, ids: List[int], det_bboxes: Tensor) -> Tensor:
        """Cosines of the embeddings of the tracks ``ids`` and of
        ``det_bboxes`` (on the CPU)."""
        tracks = torch.cat([self.tracks[i]['embeds'] for i in ids])
        dets = self._frame['units'][self._det_rows(det_bboxes)]
        return (F.normalize(tracks, dim=1) @ dets.T).cpu()

    def _veto_pairs(self, ids: List[int], det_bboxes: Tensor,
                    allowed: Tensor, learn: bool = True) -> Tensor:
        """Pairs of the tracks ``ids`` and ``det_bboxes`` that the motion
        cost ``allowed`` and the appearance veto drops (see the class
        docstring); all False when ``veto_margin`` is None. The stage's sure
        matches (the only allowed pair of both their track and their
        detection) and those tracks' cosines with its other detections
        then join the video's calibration (``learn``; not from stages that
        match lost tracks' old observations)."""
        allowed = allowed.cpu()
        veto = torch.zeros_like(allowed)
        if self._calibration is None or not len(ids) or \
                not len(det_bboxes):
            return veto
        # tracks matched in the previous frame: one frame apart, as the
        # cosines the threshold is learned from
        recent = torch.tensor([
            int(self.tracks[i].frame_ids[-1]) == self._frame['frame_id'] - 1
            for i in ids
        ])[:, None]
        cosine = self._cosines(ids, det_bboxes)
        threshold = self._calibration.threshold()
        if threshold is not None:
            veto = allowed & recent & (cosine < threshold)
        if not learn:
            return veto
        sure = allowed & recent & (allowed.sum(1, keepdim=True) == 1) & (
            allowed.sum(0, keepdim=True) == 1)
        rows = sure.any(1)
        self._calibration.add(cosine[sure].numpy(),
                              cosine[rows][~sure[rows]].numpy())
        return veto

    def _reid_pairs(self, ids: List[int], det_bboxes: Tensor,
                    det_labels: Tensor, allowed: Tensor) -> Tensor:
        """Pairs of the tracks ``ids`` and ``det_bboxes``, not ``allowed``
        by the motion cost, that the embedding re-identifies (see the class
        docstring): cosine of the embeddings at least ``reid_cosine_thr``,
        same class, inside the track's Kalman gate (computed only for the
        tracks with such a candidate). All False when ``reid_cosine_thr``
        is None."""
        pairs = torch.zeros(len(ids), len(det_bboxes), dtype=torch.bool)
        if self.reid_cosine_thr is None or not len(ids) or \
                not len(det_bboxes):
            return pairs
        cosine = self._cosines(ids, det_bboxes)
        labels = torch.tensor([int(self.tracks[i]['labels'][-1])
                               for i in ids])
        candidates = (cosine >= self.reid_cosine_thr) & (
            labels[:, None] == det_labels.cpu()[None, :]) & ~allowed.cpu()
        rows = candidates.any(1).nonzero().flatten().tolist()
        if rows:
            boxes = bbox_xyxy_to_cxcyah(det_bboxes).cpu().numpy()
            gate = torch.from_numpy(np.stack([
                self.kf.gating_distance(self.tracks[ids[r]].mean,
                                        self.tracks[ids[r]].covariance,
                                        boxes) for r in rows
            ]) <= self.kf.gating_threshold)
            pairs[rows] = candidates[rows] & gate
        return pairs

    def _fused_assignment(self,
                          cost: Tensor,
                          allowed: Tensor,
                          probs: Tensor,
                          limit: float,
                          reid: Optional[Tensor] = None
                          ) -> Tuple[np.ndarray, np.ndarray]:
        """lapjv's assignment (``extend_cost``, ``cost_limit=limit``, as the
        motion trackers call it) over the ``allowed`` pairs, minimising the
        sum of ``(1 - w) cost + w limit (1 - P)``, ``w = cue_weight``, where
        ``cost`` is the motion tracker's own cost (ByteTrack: 1 - IoU),
        below ``limit`` where allowed. So every allowed pair costs less than
        its two unmatched ends (``limit / 2`` each, lapjv's rule): it is
        preferred to leaving both unmatched; a ruled-out pair costs more and
        is never taken. As ``w`` goes to 0 this is the motion tracker's own
        assignment, costs and unmatched ends alike (tested at ``w = 1e-6``;
        at ``cue_weight=0`` the trackers run their own code). An earlier
        form, ``limit * ((1 - w) cost + w (1 - P))``, scaled the pairs but
        not the unmatched ends, so it matched more pairs than the motion
        tracker at any ``w``: on the synthetic tuning split it lost 0.4
        HOTA to ByteTrack at ``w = 1e-4`` (63.8 against 64.2), which had
        been read as the cue hurting.

        ``reid``: pairs the motion cost rules out that may match all the
        same (:meth:`_reid_pairs`); their motion cost counts as ``limit``,
        so with ``P > 0`` they, too, are preferred to leaving both ends
        unmatched, and they lose to an allowed pair of the same track with
        as high a ``P``."""
        w = self.cue_weight
        if reid is not None:  # never an allowed pair (_reid_pairs)
            reid = reid.to(allowed.device)
            cost = torch.where(reid, cost.clamp(max=limit), cost)
            allowed = allowed | reid
        fused = (1 - w) * cost + w * limit * (1 - probs.to(cost))
        dists = torch.where(allowed, fused,
                            torch.full_like(fused, 2 * limit + 1))
        _, row, col = lap.lapjv(dists.cpu().numpy(), extend_cost=True,
                                cost_limit=limit)
        return row, col
