"""The SOLO-Track paper's baseline association (Fu et al., Table 1), and the
same association with the tracking embedding as an extra cue."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmdet.models.trackers import BaseTracker
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import bbox_overlaps
from mmengine.structures import InstanceData

from .new_identities import keep_tracked, match_to_tracks


@MODELS.register_module()
class SpatialCategoryTracker(BaseTracker):
    """Associates instances by spatial overlap within a category: Hungarian
    matching on box IoU with the tracks' last boxes (the most total IoU),
    pairs of different categories forbidden, IoU below ``match_iou_thr``
    starts a new identity. Without ``embedding_thr`` (default) no embedding
    is used: this is the paper's SOLO baseline.

    With ``embedding_thr`` the tracking embedding joins the cues, as the
    similarity score joins box IoU and category in the post-processing of
    Sec. 4.2: a pair within the category is also accepted when the cosine
    similarity of the instance's embedding and the track's prototype (its
    last embedding) reaches ``embedding_thr``, even without overlap (fast
    motion), and the assignment maximises ``IoU + embedding_weight *
    cosine``, so the embedding also breaks ties between overlapping
    candidates. This is a deviation from the prototype softmax of Sec.
    3.2-3.3 (:class:`PrototypeTracker`): the embedding adds to the overlap
    instead of competing with it. With settings chosen on the synthetic VIS
    tuning videos, the MaskTrack R-CNN combination of ``log p`` with IoU and
    category lost 3-11 AP to the baseline on held-out videos; this one was
    never below it, and 1.8 AP above it with fast motion (README).

    Args:
        match_iou_thr (float): Minimum IoU to continue a track.
        score_thr (float): Instances scoring below this are ignored.
        init_track_thr (float): Minimum score to start a track.
        embedding_thr (float, optional): Cosine similarity that accepts a
            pair within the category without overlap; needs
            ``pred_instances.embeddings``. ``None``: no embedding.
        embedding_weight (float): Weight of the cosine similarity in the
            assignment objective (with ``embedding_thr``).
        num_frames_retain (int): Frames a lost track is kept.
    """

    def __init__(self, match_iou_thr: float = 0.3, score_thr: float = 0.3,
                 init_track_thr: float = 0.3,
                 embedding_thr: Optional[float] = None,
                 embedding_weight: float = 0.0, num_frames_retain: int = 20,
                 **kwargs) -> None:
        super().__init__(num_frames_retain=num_frames_retain, **kwargs)
        if embedding_thr is None and embedding_weight:
            raise ValueError('embedding_weight needs embedding_thr (the '
                             'embedding cue is off without it)')
        self.match_iou_thr = match_iou_thr
        self.score_thr = score_thr
        self.init_track_thr = init_track_thr
        self.embedding_thr = embedding_thr
        self.embedding_weight = embedding_weight

    @property
    def uses_embeddings(self) -> bool:
        return self.embedding_thr is not None

    @torch.no_grad()
    def track(self, data_sample: DetDataSample, **kwargs) -> InstanceData:
        frame_id = data_sample.metainfo.get('frame_id', -1)
        if frame_id == 0:
            self.reset()
        inst = data_sample.pred_instances
        if self.uses_embeddings and 'embeddings' not in inst:
            raise ValueError(
                'SpatialCategoryTracker(embedding_thr=...) needs '
                '`pred_instances.embeddings` (a SOLO-Track head); the '
                'detector predicted none')
        inst = inst[inst.scores >= self.score_thr]
        ids = torch.full((len(inst), ), -1, dtype=torch.long)
        if len(inst) and not self.empty:
            memo = self.memo
            iou = bbox_overlaps(inst.bboxes, memo.bboxes)
            same = inst.labels[:, None] == memo.labels[None]
            accept = same & (iou >= self.match_iou_thr)
            objective = iou
            if self.uses_embeddings:
                cosine = F.normalize(inst.embeddings, dim=1) @ F.normalize(
                    memo.prototypes, dim=1).T
                accept |= same & (cosine >= self.embedding_thr)
                objective = iou + self.embedding_weight * cosine
            # the most total score among the accepted pairs
            ids = match_to_tracks(objective, accept, self.ids, rejected=0.0)
        memo_fields = dict(bboxes='bboxes', labels='labels')
        if self.uses_embeddings:
            memo_fields['prototypes'] = 'embeddings'
        return keep_tracked(self, inst, ids, frame_id, self.init_track_thr,
                            **memo_fields)
