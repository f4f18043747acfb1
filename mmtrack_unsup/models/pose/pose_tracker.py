"""Frame-to-frame association of people by their keypoints (Fu et al.,
Sec. 4.4, Table 4): the paper's OKS-only baseline, and the same association
with SOLO-Track's keypoint embedding as an extra cue."""
from typing import Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmdet.models.trackers import BaseTracker
from mmdet.registry import MODELS
from torch import Tensor

from mmtrack_unsup.models.trackers.new_identities import (match_to_tracks,
                                                          start_new_tracks)


def pose_oks(kpts_a: Tensor, vis_a: Tensor, kpts_b: Tensor, vis_b: Tensor,
             sigmas: Sequence[float]) -> Tensor:
    """``(N, T)`` object keypoint similarity of poses ``a`` (N, K, 2)
    against poses ``b`` (T, K, 2), as COCO defines it with ``b`` as the
    reference: ``mean_k exp(-d_k^2 / (2 s^2 (2 sigma_k)^2))`` over the
    joints visible in both, ``s^2`` the area of the box around ``b``'s
    visible joints. 0 where no joint is visible in both."""
    kappa2 = (2 * torch.as_tensor(sigmas, dtype=torch.float))**2
    out = torch.zeros(len(kpts_a), len(kpts_b))
    for t in range(len(kpts_b)):
        ref = kpts_b[t][vis_b[t] > 0]
        if len(ref) == 0:
            continue
        wh = ref.max(0).values - ref.min(0).values
        area = float((wh[0] * wh[1]).clamp(min=1.0))
        d2 = ((kpts_a - kpts_b[t][None])**2).sum(-1)  # (N, K)
        both = (vis_a > 0) & (vis_b[t][None] > 0)
        e = torch.exp(-d2 / (2 * area * kappa2[None]))
        n = both.sum(1)
        out[:, t] = torch.where(n > 0, (e * both).sum(1) / n.clamp(min=1),
                                torch.zeros_like(out[:, t]))
    return out


@MODELS.register_module()
class PoseTracker(BaseTracker):
    """Hungarian matching of each frame's people to the tracks' last poses.

    Without ``embedding_thr`` (default) a pair is accepted when its OKS
    reaches ``oks_thr`` and the assignment maximises the total OKS: the
    paper's Table 4 "Baseline", which "associates poses only by the OKS
    metrics". With ``embedding_thr`` a pair is also accepted when the cosine
    similarity of the person's embedding and the track's last one reaches
    it (a person whose joints moved too far for OKS), and the assignment
    maximises ``OKS + embedding_weight * cosine``: the embedding as an extra
    cue beside the pose, as it did best on the synthetic VIS videos
    (:class:`SpatialCategoryTracker`); the paper's supplementary material,
    which describes its pose association, is not available.

    A person's score is the mean of its keypoint scores; joints scoring at
    least ``kpt_score_thr`` count as visible for OKS (and are the ones a
    PoseTrack evaluation keeps).

    Args:
        sigmas (Sequence[float]): Per-joint OKS constants (the dataset's).
        oks_thr (float): Minimum OKS to continue a track.
        score_thr (float): People scoring below this are ignored.
        init_track_thr (float): Minimum score to start a track.
        kpt_score_thr (float): Minimum keypoint score of a visible joint.
        embedding_thr (float, optional): Cosine similarity that accepts a
            pair without enough OKS. ``None``: OKS only.
        embedding_weight (float): Weight of the cosine in the objective.
        num_frames_retain (int): Frames a lost track is kept.
        collapse_frames (int): With the embedding cue, stop with an error
            after this many frames in a row whose people (two or more) have
            embeddings alike on average (mean cosine of the pairs of
            different people >= ``collapse_cosine``): a branch that
            collapsed during training, wholly or partly (it happened, see
            docs/pose_track/experiments.md), makes most pairs pass
            ``embedding_thr`` and scores a plausible but wrong MOTA. 0 turns
            the check off.
        collapse_cosine (float): The mean cosine of different people's
            embeddings that counts a frame as collapsed. 1 would catch only
            exact collapse; 0.9 also a partial one, where the people still
            differ a little but nearly every pair clears a threshold such
            as the configs' ``embedding_thr`` (0.7).
    """

    def __init__(self,
                 sigmas: Sequence[float],
                 oks_thr: float = 0.3,
                 score_thr: float = 0.2,
                 init_track_thr: float = 0.3,
                 kpt_score_thr: float = 0.2,
                 embedding_thr: Optional[float] = None,
                 embedding_weight: float = 0.0,
                 num_frames_retain: int = 10,
                 collapse_frames: int = 10,
                 collapse_cosine: float = 0.9,
                 **kwargs) -> None:
        super().__init__(num_frames_retain=num_frames_retain, **kwargs)
        if embedding_thr is None and embedding_weight:
            raise ValueError('embedding_weight needs embedding_thr (the '
                             'embedding cue is off without it)')
        self.sigmas = list(sigmas)
        self.oks_thr = oks_thr
        self.score_thr = score_thr
        self.init_track_thr = init_track_thr
        self.kpt_score_thr = kpt_score_thr
        self.embedding_thr = embedding_thr
        self.embedding_weight = embedding_weight
        self.collapse_frames = collapse_frames
        self.collapse_cosine = collapse_cosine
        self._same_embedding_frames = 0

    @property
    def uses_embeddings(self) -> bool:
        return self.embedding_thr is not None

    def _check_collapse(self, emb: Tensor) -> None:
        if len(emb) < 2:
            return
        unit = F.normalize(emb, dim=1)
        n = len(unit)
        # mean over the pairs of different people (the diagonal is 1)
        mean_cos = float(((unit @ unit.T).sum() - n) / (n * (n - 1)))
        if mean_cos >= self.collapse_cosine:
            self._same_embedding_frames += 1
        else:
            self._same_embedding_frames = 0
        if self._same_embedding_frames >= self.collapse_frames:
            raise RuntimeError(
                f'{self._same_embedding_frames} frames in a row gave '
                'different people embeddings alike on average (mean cosine '
                f'{mean_cos:.3f} >= collapse_cosine {self.collapse_cosine}):'
                ' the embedding branch collapsed, wholly or partly (check '
                'the IC loss of its training: near log K), or the checkpoint'
                ' does not hold it. Track with the OKS-only baseline '
                '(embedding_thr=None) or retrain.')

    @torch.no_grad()
    def track(self, keypoints, keypoint_scores, frame_id: int,
              embeddings=None) -> np.ndarray:
        """Identities of one frame's people.

        Args:
            keypoints: ``(N, K, 2)`` (array or tensor).
            keypoint_scores: ``(N, K)``.
            frame_id (int): Index in the video; 0 starts a new video.
            embeddings: ``(N, D)``, needed with ``embedding_thr``.

        Returns:
            np.ndarray: ``(N, )`` identities, -1 for people not tracked
            (below ``score_thr``, or unmatched below ``init_track_thr``).
        """
        if frame_id == 0:
            self.reset()
        kpts = torch.as_tensor(np.asarray(keypoints), dtype=torch.float)
        kscores = torch.as_tensor(np.asarray(keypoint_scores),
                                  dtype=torch.float)
        n = len(kpts)
        if self.uses_embeddings and embeddings is None:
            raise ValueError('PoseTracker(embedding_thr=...) needs the '
                             "people's embeddings (a CIDTrackHead)")
        emb = (torch.as_tensor(np.asarray(embeddings), dtype=torch.float)
               if embeddings is not None else torch.zeros(n, 1))
        if self.uses_embeddings and self.collapse_frames:
            self._check_collapse(emb)
        scores = kscores.mean(1) if n else torch.zeros(0)
        out = np.full(n, -1, dtype=np.int64)
        keep = scores >= self.score_thr
        kpts, kscores, emb, scores = (kpts[keep], kscores[keep], emb[keep],
                                      scores[keep])
        vis = kscores >= self.kpt_score_thr
        ids = torch.full((len(kpts), ), -1, dtype=torch.long)
        if not self.empty and len(kpts):
            memo_ids = self.ids
            last_kpts = torch.cat([self.tracks[i]['keypoints'][-1]
                                     for i in memo_ids])
            last_vis = torch.cat([self.tracks[i]['visible'][-1]
                                    for i in memo_ids])
            oks = pose_oks(kpts, vis, last_kpts, last_vis, self.sigmas)
            accept, score = oks >= self.oks_thr, oks
            if self.uses_embeddings:
                last_emb = torch.cat([self.tracks[i]['embeddings'][-1]
                                        for i in memo_ids])
                cos = F.normalize(emb, dim=1) @ F.normalize(last_emb,
                                                            dim=1).T
                accept = accept | (cos >= self.embedding_thr)
                score = oks + self.embedding_weight * cos
            ids = match_to_tracks(score, accept, memo_ids, rejected=0.0)
        ids = start_new_tracks(self, ids, scores, self.init_track_thr)
        tracked = ids >= 0
        if tracked.any():
            self.update(ids=ids[tracked], keypoints=kpts[tracked],
                        visible=vis[tracked], embeddings=emb[tracked],
                        frame_ids=frame_id)
        elif not self.empty:
            self.pop_invalid_tracks(frame_id)
        out[keep.numpy()] = ids.numpy()
        return out
