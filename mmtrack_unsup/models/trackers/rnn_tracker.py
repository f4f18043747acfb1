"""The tracker state machine of cross-input consistency at inference."""
from typing import Optional

import numpy as np
import torch
from mmdet.models.trackers import BaseTracker
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData
from torch import Tensor

from mmtrack_unsup.models.association import (match_tracks,
                                              sampled_visual_scores,
                                              transition_matrix)
from mmtrack_unsup.utils.threads import intra_op_threads
from .new_identities import start_new_tracks

MODES = ('visual_spatial', 'spatial_only', 'visual_only', 'combined')


def normalise_boxes(bboxes: Tensor, width: float, height: float) -> Tensor:
    """(x1, y1, x2, y2) pixels -> (cx, cy, w, h) divided by the frame's own
    size, as the detection features of Sec. 3.1 use them."""
    x1, y1, x2, y2 = bboxes.unbind(-1)
    return torch.stack([(x1 + x2) / 2 / width, (y1 + y2) / 2 / height,
                        (x2 - x1) / width, (y2 - y1) / height], dim=-1)


@MODELS.register_module()
class RNNTracker(BaseTracker):
    """Keeps tracks and matches them to each frame's detections (Sec. 4.1,
    "Inference").

    The visual-only output A and the spatial-only output B are computed
    independently and combined as M = min(A, B). The visual score of a
    track-detection pair averages the model over up to
    ``num_visual_samples`` earlier crops of the track, chosen at random
    (seeded). Hungarian matching on 1 - M, where a track may also choose
    *absent*, extends tracks; unmatched detections scoring at least
    ``init_track_thr`` start tracks; tracks end after ``num_frames_retain``
    frames unseen.

    Args:
        mode (str): ``'visual_spatial'`` (the paper's tracker for a model
            trained with visual-spatial hiding), ``'spatial_only'`` (the
            paper's "Spatial-Only" row: boxes only, no frames needed),
            ``'visual_only'``, or ``'combined'``: one recurrent input that
            sees crops and boxes together, for a model trained with
            occlusion hiding (Sec. 4.2), whose inputs are both of that kind.
        det_score_thr (float): Detections scoring below this are ignored.
        init_track_thr (float): Minimum score to start a track.
        match_prob_thr (float): Matches with M <= this are rejected.
        num_visual_samples (int): Earlier crops averaged per track (5).
        num_frames_retain (int): Frames a lost track is kept.
        num_tentatives (int): A new track stays tentative until it has
            been seen in this many frames, and a tentative track missed in
            one frame is deleted at once (ByteTrack's rule, an inference
            choice the paper leaves open). 0 (default, the paper) keeps
            every track ``num_frames_retain`` frames, so a one-frame false
            positive can take a later detection from the track it belongs
            to.
        seed (int): Seed of the crop sampling; reset with every video.
        num_threads (int, optional): Intra-op threads while associating
            (1; ``None`` keeps the process's count). Not in the paper: the
            per-frame tensors are a few dozen rows, so more threads mostly
            add start-up and synchronisation, and beside another busy
            process on the same cores they stall. Compare with
            ``tools/benchmark_trackers.py ... --cfg-options
            model.tracker.num_threads=2``.
    """

    def __init__(self,
                 mode: str = 'visual_spatial',
                 det_score_thr: float = 0.3,
                 init_track_thr: float = 0.6,
                 match_prob_thr: float = 0.0,
                 num_visual_samples: int = 5,
                 num_frames_retain: int = 30,
                 num_tentatives: int = 0,
                 seed: int = 0,
                 num_threads: Optional[int] = 1,
                 **kwargs) -> None:
        if mode not in MODES:
            raise ValueError(f'mode must be one of {MODES}, got {mode!r}')
        self.mode = mode
        self.det_score_thr = det_score_thr
        self.init_track_thr = init_track_thr
        self.match_prob_thr = match_prob_thr
        self.num_visual_samples = num_visual_samples
        self.num_tentatives = num_tentatives
        self.seed = seed
        self.num_threads = num_threads
        # momentum 1 keeps only the latest LSTM state of every track
        super().__init__(momentums=dict(lstm_h=1.0, lstm_c=1.0),
                         num_frames_retain=num_frames_retain, **kwargs)

    def reset(self) -> None:
        super().reset()
        self.rng = np.random.default_rng(self.seed)

    def pop_invalid_tracks(self, frame_id: int) -> None:
        """Drops tracks unseen for ``num_frames_retain`` frames and
        tentative tracks (seen in fewer than ``num_tentatives`` frames)
        missed in this one."""
        super().pop_invalid_tracks(frame_id)
        missed = [k for k, v in self.tracks.items()
                  if len(v['frame_ids']) < self.num_tentatives
                  and int(v['frame_ids'][-1]) != frame_id]
        for k in missed:
            self.tracks.pop(k)

    @property
    def uses_visual(self) -> bool:
        return self.mode != 'spatial_only'

    def _visual_scores(self, net, det_feats: Tensor) -> Tensor:
        """A's scores (T, N + 1), averaged over sampled earlier crops."""
        return sampled_visual_scores(
            net, [t['visual'] for t in self.tracks.values()], det_feats,
            self.num_visual_samples, self.rng)

    @torch.no_grad()
    def track(self, model, data_sample: DetDataSample,
              **kwargs) -> InstanceData:
        with intra_op_threads(self.num_threads):
            return self._track(model, data_sample)

    def _track(self, model, data_sample: DetDataSample) -> InstanceData:
        net = model.network
        meta = data_sample.metainfo
        frame_id = meta.get('frame_id', -1)
        if frame_id == 0:
            self.reset()
        dets = data_sample.pred_instances
        keep = dets.scores >= self.det_score_thr
        device = net.absent_embedding.device
        bboxes = dets.bboxes[keep].to(device)
        scores = dets.scores[keep].to(device)
        labels = dets.labels[keep].to(device)
        n = len(bboxes)
        height, width = meta.get('ori_shape', (meta.get('height'),
                                               meta.get('width')))
        if height is None or width is None:
            raise KeyError('frame size unknown: add width/height or '
                           'ori_shape to PackTrackInputs(meta_keys=...)')
        boxes = normalise_boxes(bboxes, float(width), float(height))
        hidden_visual = net.hidden_visual_features(device).expand(n, -1)
        f_spatial = net.detection_features(hidden_visual, boxes)
        f_visual = None
        if self.uses_visual:
            if 'crops' not in dets:
                raise KeyError(f'mode {self.mode!r} needs crops: add '
                               'CropPublicDetections to the pipeline and '
                               "'public_crops' to PackTrackInputs meta_keys")
            crops = dets.crops[keep].to(device)
            visual = net.encode_crops(crops.permute(0, 3, 1, 2))
            f_visual = net.detection_features(visual, torch.zeros_like(boxes))
        # what the LSTM steps on: boxes (with the hidden visual part), or
        # crops and boxes together for a model trained with occlusion hiding
        f_step = (net.detection_features(visual, boxes)
                  if self.mode == 'combined' else f_spatial)

        ids = torch.full((n, ), -1, dtype=torch.long)
        if not self.empty and n:
            memo_ids = self.ids
            h = torch.cat([self.tracks[i]['lstm_h'] for i in memo_ids])
            c = torch.cat([self.tracks[i]['lstm_c'] for i in memo_ids])
            probs = []
            if self.mode == 'combined':
                probs.append(transition_matrix(net.score(h, f_step)))
            if self.mode in ('visual_spatial', 'spatial_only'):
                probs.append(transition_matrix(net.score(h, f_spatial)))
            if self.mode in ('visual_spatial', 'visual_only'):
                probs.append(transition_matrix(
                    self._visual_scores(net, f_visual)))
            m = probs[0] if len(probs) == 1 else torch.minimum(*probs)
            rows, cols = match_tracks(m.cpu().numpy(), self.match_prob_thr)
            ids[cols] = torch.tensor([memo_ids[r] for r in rows],
                                     dtype=torch.long)
            state_h = torch.zeros(n, h.shape[1], device=device)
            state_c = torch.zeros_like(state_h)
            if len(rows):
                nh, nc = net.extend_tracks(
                    f_step[cols], (h[rows], c[rows]))
                state_h[cols], state_c[cols] = nh, nc
        else:
            state_h = torch.zeros(n, net.hidden_dim, device=device)
            state_c = torch.zeros_like(state_h)
        unmatched = ids == -1
        ids = start_new_tracks(self, ids, scores, self.init_track_thr)
        new = (unmatched & (ids >= 0)).to(device)
        if new.any():
            state_h[new], state_c[new] = net.start_tracks(f_step[new])
        out = ids >= 0
        sel = out.to(device)
        self.update(
            ids=ids[out], bboxes=bboxes[sel], scores=scores[sel],
            labels=labels[sel], lstm_h=state_h[sel], lstm_c=state_c[sel],
            visual=(f_visual[sel] if self.mode in ('visual_spatial',
                                                   'visual_only') else None),
            frame_ids=frame_id)
        return InstanceData(bboxes=bboxes[sel], scores=scores[sel],
                            labels=labels[sel], instances_id=ids[out])
