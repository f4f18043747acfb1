"""Tracking by prototypes (SOLO-Track, Fu et al., CVPR 2021, Sec. 3.2-3.3)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmdet.models.trackers import BaseTracker
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import bbox_overlaps
from mmengine.structures import InstanceData
from torch import Tensor

from .new_identities import keep_tracked, match_to_tracks


@MODELS.register_module()
class PrototypeTracker(BaseTracker):
    """Classifies each frame's instances against the prototypes (centre
    embeddings) of the instances tracked so far.

    The probability that instance i of the current frame is prototype j is a
    softmax over the prototypes. With ``include_self`` (default) the
    instance's own embedding joins the softmax, exactly as the diagonal of
    Eq. 3 in training: a returning instance then shares its mass with its
    prototype, while a new object, which the max-entropy term made equally
    dissimilar to everything, scores low everywhere. Instances whose best
    probability is below ``match_thr`` start new identities (Sec. 3.3).
    Assignment is one-to-one (Hungarian).

    ``bidirectional=True`` (a deviation, off by default) averages that
    softmax with a softmax over the frame's instances for each prototype, as
    QDTrack's bi-softmax (Pang et al., CVPR 2021). The paper's softmax over
    the prototypes alone dilutes as tracks accumulate: every retained
    prototype, even an unrelated one, takes a share of the mass, so after a
    few dozen tracks a returning instance falls below ``match_thr`` and
    starts a new identity, which adds yet another prototype. Measured on the
    synthetic VIS tuning videos, this runaway split most tracks in the
    second half of each video.

    The bi-softmax has a weakness of its own: a prototype whose object has
    left still gives its column's mass to the frame's instances, so with
    few instances even a dissimilar one passes ``match_thr`` and inherits
    the stale track (seen on the tuning videos: a track of one object
    continued on another, of another category, after the first left).
    ``min_cosine`` (a deviation, off by default) forbids pairs whose
    embeddings' cosine similarity is below it.

    An instance without an embedding (the head found no cells for it, so
    its prototype is zero) is never matched, and a track whose prototype is
    zero never takes an instance: a zero vector has the same dot product,
    0, with everything, so with few tracks its softmax share passes
    ``match_thr`` by itself. Such instances start new tracks and are
    counted in ``num_without_embedding``.

    Optional post-processing (Sec. 4.2, as MaskTrack R-CNN): the matching
    score becomes ``log p + a log(det score) + b IoU + c [same category]``
    with ``post_process=dict(det_score=a, iou=b, category=c)``.

    Args:
        match_thr (float): Minimum probability to continue a track.
        score_thr (float): Instances scoring below this are ignored.
        init_track_thr (float): Minimum score to start a track.
        include_self (bool): Put the instance itself in the softmax.
        bidirectional (bool): Average with the softmax over the frame's
            instances (see above).
        min_cosine (float, optional): Pairs whose embeddings' cosine
            similarity is below this are never matched (see above).
        momentum (float, optional): Prototype update ``(1 - m) old + m new``;
            ``None`` keeps the latest embedding.
        post_process (dict, optional): Weights of the MaskTrack R-CNN cues.
        num_frames_retain (int): Frames a lost track is kept.
    """

    uses_embeddings = True

    def __init__(self,
                 match_thr: float = 0.2,
                 score_thr: float = 0.3,
                 init_track_thr: float = 0.3,
                 include_self: bool = True,
                 bidirectional: bool = False,
                 min_cosine: Optional[float] = None,
                 momentum: Optional[float] = None,
                 post_process: Optional[dict] = None,
                 num_frames_retain: int = 20,
                 **kwargs) -> None:
        momentums = None if momentum is None else dict(prototypes=momentum)
        super().__init__(momentums=momentums,
                         num_frames_retain=num_frames_retain, **kwargs)
        self.match_thr = match_thr
        self.score_thr = score_thr
        self.init_track_thr = init_track_thr
        self.include_self = include_self
        self.bidirectional = bidirectional
        self.min_cosine = min_cosine
        self.post_process = post_process
        self.num_without_embedding = 0  # over all videos, see above

    def match_probs(self, embeddings: Tensor, prototypes: Tensor) -> Tensor:
        """(N, T) probabilities of current instances vs prototypes."""
        logits = embeddings @ prototypes.T
        if self.include_self:
            own = (embeddings * embeddings).sum(1, keepdim=True)
            probs = torch.softmax(torch.cat([logits, own], 1), 1)[:, :-1]
        else:
            probs = torch.softmax(logits, 1)
        if self.bidirectional:
            probs = (probs + torch.softmax(logits, 0)) / 2
        return probs

    def _match_scores(self, probs: Tensor, inst: InstanceData) -> Tensor:
        score = torch.log(probs.clamp(min=1e-12))
        if self.post_process:
            memo = self.memo
            w = self.post_process
            score = score + w.get('det_score', 0) * torch.log(
                inst.scores.clamp(min=1e-12))[:, None]
            if w.get('iou', 0):
                score = score + w['iou'] * bbox_overlaps(inst.bboxes,
                                                         memo.bboxes)
            if w.get('category', 0):
                score = score + w['category'] * (
                    inst.labels[:, None] == memo.labels[None]).float()
        return score

    @torch.no_grad()
    def track(self, data_sample: DetDataSample, **kwargs) -> InstanceData:
        """``data_sample.pred_instances`` needs ``embeddings`` (N, D),
        ``scores``, ``labels``, ``bboxes`` (and masks, passed through)."""
        frame_id = data_sample.metainfo.get('frame_id', -1)
        if frame_id == 0:
            self.reset()
        inst = data_sample.pred_instances
        inst = inst[inst.scores >= self.score_thr]
        ids = torch.full((len(inst), ), -1, dtype=torch.long)
        has_embedding = inst.embeddings.abs().sum(1) > 0
        self.num_without_embedding += int((~has_embedding).sum())
        if len(inst) and not self.empty:
            protos = self.memo.prototypes
            probs = self.match_probs(inst.embeddings, protos)
            allowed = (probs >= self.match_thr) & has_embedding[:, None] & (
                protos.abs().sum(1) > 0)[None]
            if self.min_cosine is not None:
                allowed &= F.normalize(inst.embeddings, dim=1) @ F.normalize(
                    protos, dim=1).T >= self.min_cosine
            ids = match_to_tracks(self._match_scores(probs, inst), allowed,
                                  self.ids)
        return keep_tracked(self, inst, ids, frame_id, self.init_track_thr,
                            prototypes='embeddings', bboxes='bboxes',
                            labels='labels')

