"""The SOLO-Track paper's baseline association (Fu et al., Table 1)."""
import torch
from mmdet.models.trackers import BaseTracker
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import bbox_overlaps
from mmengine.structures import InstanceData

from .new_identities import keep_tracked, match_to_tracks


@MODELS.register_module()
class SpatialCategoryTracker(BaseTracker):
    """Associates instances by spatial overlap within a category, without
    any embedding: Hungarian matching on box IoU with the tracks' last boxes
    (the most total IoU), pairs of different categories forbidden, IoU
    below ``match_iou_thr`` starts a new identity.

    Args:
        match_iou_thr (float): Minimum IoU to continue a track.
        score_thr (float): Instances scoring below this are ignored.
        init_track_thr (float): Minimum score to start a track.
        num_frames_retain (int): Frames a lost track is kept.
    """

    def __init__(self, match_iou_thr: float = 0.3, score_thr: float = 0.3,
                 init_track_thr: float = 0.3, num_frames_retain: int = 20,
                 **kwargs) -> None:
        super().__init__(num_frames_retain=num_frames_retain, **kwargs)
        self.match_iou_thr = match_iou_thr
        self.score_thr = score_thr
        self.init_track_thr = init_track_thr

    @torch.no_grad()
    def track(self, data_sample: DetDataSample, **kwargs) -> InstanceData:
        frame_id = data_sample.metainfo.get('frame_id', -1)
        if frame_id == 0:
            self.reset()
        inst = data_sample.pred_instances
        inst = inst[inst.scores >= self.score_thr]
        ids = torch.full((len(inst), ), -1, dtype=torch.long)
        if len(inst) and not self.empty:
            memo = self.memo
            iou = bbox_overlaps(inst.bboxes, memo.bboxes)
            iou[inst.labels[:, None] != memo.labels[None]] = 0
            # the most total overlap among the pairs above the threshold
            ids = match_to_tracks(iou, iou >= self.match_iou_thr, self.ids,
                                  rejected=0.0)
        return keep_tracked(self, inst, ids, frame_id, self.init_track_thr,
                            bboxes='bboxes', labels='labels')
