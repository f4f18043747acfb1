"""Self-supervised MOT with cross-input consistency (Bastani et al.,
NeurIPS 2021)."""
from typing import List, Optional, Sequence

import numpy as np
import torch
from mmdet.models.mot import BaseMOTModel
from mmdet.registry import MODELS, TASK_UTILS
from mmdet.structures import TrackSampleList
from mmengine.structures import BaseDataElement
from torch import Tensor

from mmtrack_unsup.models.association import (handoff_product, match_tracks,
                                              spatial_mask,
                                              transition_matrix)
from mmtrack_unsup.models.hiding import InputView
from mmtrack_unsup.models.utils import step_generator
from .clip_batch import ClipBatch
from .track_video import track_video


@MODELS.register_module()
class CrossInputConsistency(BaseMOTModel):
    """An RNN tracker trained on unlabeled video by making two differently
    hidden inputs produce the same transition matrix.

    Training (Sec. 3.2): for every clip I0..In, tracks start from the
    detections of I0 only; on intermediate frames Hungarian matching on
    M(0,k) extends them; on In the two input variations of ``hiding`` give
    A(0,n) and B(0,n), and ``loss`` pulls their rows together, masked by the
    flood-fill spatial mask C (artificial detections excluded from C).
    Inference (Sec. 4.1) is done by ``tracker`` with the same ``network``.

    Args:
        network (dict): The :class:`RNNMatchingNetwork`.
        hiding (dict): The input-hiding strategy (``TASK_UTILS``).
        loss (dict): The consistency loss.
        tracker (dict, optional): The :class:`RNNTracker` for inference.
        detector (dict, optional): Detector-like module for inference;
            :class:`PublicDetector` on benchmark data.
        use_spatial_mask (bool): Apply C. Defaults to True.
        mask_lookback (int): Frames looked back by the flood fill (10).
        data_preprocessor (dict, optional): Defaults to mmengine's
            ``BaseDataPreprocessor`` (crops are normalised by the network).
        hiding_seed (int, optional): Seed of the hiding draws. Defaults to a
            draw from numpy's global stream at construction, which
            mmengine's ``randomness.seed`` fixes.
        cap_handoff_absent (bool): Scale the absent column of the RNN
            hand-off product back to at most 1 (see :func:`handoff_product`).
            Defaults to False, the paper's plain product M(0,h) M(h,n): with
            the cap, occlusion training on the synthetic corpus had gradient
            norm 0.05 and a flat loss over its first 80 steps (0.45-0.66
            and a falling loss without it), because the rescaled column no
            longer passes the gradient of its overall mass.

    The hiding draws come from their own counter-based stream
    (:func:`step_generator`), whose seed and step count are buffers: they
    travel in every checkpoint, so ``--resume`` continues the unbroken
    run's draws.
    """

    def __init__(self,
                 network: dict,
                 hiding: dict = dict(type='VisualSpatialHiding'),
                 loss: dict = dict(type='CrossInputConsistencyLoss'),
                 tracker: Optional[dict] = None,
                 detector: Optional[dict] = None,
                 use_spatial_mask: bool = True,
                 mask_lookback: int = 10,
                 data_preprocessor: Optional[dict] = None,
                 hiding_seed: Optional[int] = None,
                 cap_handoff_absent: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor, init_cfg)
        if hiding_seed is None:
            hiding_seed = int(np.random.randint(2**31))
        self.register_buffer('hiding_seed', torch.tensor(hiding_seed))
        self.register_buffer('hiding_step', torch.tensor(0))
        self.network = MODELS.build(network)
        self.hiding = TASK_UTILS.build(hiding)
        self.loss_consistency = MODELS.build(loss)
        self.tracker = MODELS.build(tracker) if tracker else None
        self.detector = MODELS.build(detector) if detector else None
        self.use_spatial_mask = use_spatial_mask
        self.mask_lookback = mask_lookback
        self.cap_handoff_absent = cap_handoff_absent

    # ------------------------------------------------------------ training
    def _frame_features(self, batch: ClipBatch, view: InputView, k: int,
                        crop_feats: Optional[Tensor],
                        active: Tensor) -> Tensor:
        """f(d) of frame ``k`` as seen by ``view``; only the ``active``
        clips (C,) need valid features."""
        net = self.network
        mask = batch.masks[k] & active[:, None]
        if view.hide_visual:
            if batch.hidden_visual is None:
                batch.hidden_visual = net.hidden_visual_features(mask.device)
            visual = batch.hidden_visual.expand(*mask.shape, -1)
        else:
            idx = batch.crop_index[k]
            if bool(((idx < 0) & mask).any()):
                raise RuntimeError(
                    f'frame {k} of a clip has detections without crops, but '
                    f'{type(self.hiding).__name__} shows pixels there: use '
                    "LoadClipCrops(frames='all')")
            visual = crop_feats[idx.clamp(min=0)]
        boxes = (torch.zeros_like(batch.boxes_norm[k]) if view.hide_spatial
                 else batch.boxes_norm[k])
        return net.detection_features(visual, boxes)

    def _run_segment(self, batch: ClipBatch, view: InputView,
                     crop_feats: Optional[Tensor], start: int,
                     ends: Sequence[int]) -> List[Tensor]:
        """Track from frame ``start`` (tracks = its detections) to each
        clip's ``ends[c]``; returns M(start, end) per clip, shaped
        ``(T_c, N_c + 1)`` with the absent column last."""
        net = self.network
        num_clips = batch.num_clips
        track_mask = batch.masks[start]
        ends_t = torch.tensor(ends, device=track_mask.device)
        feats = self._frame_features(batch, view, start, crop_feats,
                                     ends_t >= start)
        t_max = feats.shape[1]
        h, c = net.start_tracks(feats.flatten(0, 1))
        out: List[Optional[Tensor]] = [None] * num_clips
        frames = (sorted(set(ends)) if not view.recurrent else
                  range(start + 1, max(ends) + 1))
        for k in frames:
            active = (ends_t >= k) if view.recurrent else (ends_t == k)
            det_mask = batch.masks[k] & active[:, None]
            if view.recurrent and k in view.hidden_frames:
                det_mask[ends_t != k] = False  # occluded for this input
            feats_k = self._frame_features(batch, view, k, crop_feats,
                                           active)
            scores = net.score(h.view(num_clips, t_max, -1), feats_k)
            m = transition_matrix(scores, track_mask, det_mask)
            update_in = torch.zeros_like(feats.flatten(0, 1))
            update = torch.zeros(num_clips * t_max, dtype=torch.bool,
                                 device=h.device)
            for ci in range(num_clips):
                nt, nd = int(track_mask[ci].sum()), int(det_mask[ci].sum())
                if k == ends[ci]:
                    out[ci] = torch.cat([m[ci, :nt, :nd], m[ci, :nt, -1:]],
                                        dim=1)
                elif view.recurrent and k < ends[ci] and nt and nd:
                    sub = torch.cat([m[ci, :nt, :nd], m[ci, :nt, -1:]], 1)
                    rows, cols = match_tracks(sub.detach().cpu().numpy())
                    rows_t = torch.as_tensor(rows, device=h.device)
                    update[ci * t_max + rows_t] = True
                    update_in[ci * t_max + rows_t] = feats_k[ci, cols]
            if view.recurrent and update.any():
                nh, nc = net.extend_tracks(update_in, (h, c))
                h = torch.where(update[:, None], nh, h)
                c = torch.where(update[:, None], nc, c)
        return out

    def _transitions(self, batch: ClipBatch, view: InputView,
                     crop_feats: Optional[Tensor]) -> List[Tensor]:
        """M(0, n) per clip under ``view`` (with the RNN hand-off)."""
        ends = [n - 1 for n in batch.lengths]
        if view.handoff is None:
            return self._run_segment(batch, view, crop_feats, 0, ends)
        h = view.handoff
        first = self._run_segment(batch, view, crop_feats, 0,
                                  [h] * batch.num_clips)
        second = self._run_segment(batch, view, crop_feats, h, ends)
        return [handoff_product(m1, m2, self.cap_handoff_absent)
                for m1, m2 in zip(first, second)]

    def _spatial_masks(self, batch: ClipBatch) -> List[Tensor]:
        """C per clip: flood fill on real detections; 0 for artificial
        detections; 1 for the absent column."""
        masks = []
        for ci, n in enumerate(batch.lengths):
            real = [batch.boxes_px[k][ci][batch.masks[k][ci] &
                                          ~batch.artificial[k][ci]]
                    for k in range(n)]
            num_cols = int(batch.masks[n - 1][ci].sum())
            cmat = torch.zeros(len(real[0]), num_cols + 1,
                               device=real[0].device)
            if self.use_spatial_mask:
                cmat[:, :len(real[-1])] = spatial_mask(
                    real, self.mask_lookback).float()
            else:
                cmat[:, :len(real[-1])] = 1.0
            cmat[:, -1] = 1.0
            masks.append(cmat)
        return masks

    def loss(self, inputs: List[Tensor],
             data_samples: List[BaseDataElement], **kwargs) -> dict:
        """Cross-input consistency loss of a batch of clips."""
        device = self.network.absent_embedding.device
        batch = ClipBatch(data_samples, [len(x) for x in inputs], device)
        step = int(self.hiding_step)  # before step_generator advances it
        rng = step_generator(self.hiding_seed, self.hiding_step)
        view_a, view_b = self.hiding(min(batch.lengths), rng, step)
        crop_feats = None
        if not (view_a.hide_visual and view_b.hide_visual):
            crops = torch.cat([x.to(device) for x in inputs])
            crop_feats = self.network.encode_crops(crops)
        trans_a = self._transitions(batch, view_a, crop_feats)
        trans_b = self._transitions(batch, view_b, crop_feats)
        masks = self._spatial_masks(batch)
        # one call: pad every clip to the widest last frame, absent last
        width = max(m.shape[1] for m in masks)

        def pad(mats):
            return torch.cat([
                torch.cat([m[:, :-1], m.new_zeros(len(m), width - m.shape[1]),
                           m[:, -1:]], dim=1) for m in mats
            ])

        a, b, cmat = pad(trans_a), pad(trans_b), pad(masks)
        loss = self.loss_consistency(a, b, cmat, avg_factor=max(len(a), 1))
        with torch.no_grad():  # diagnostics, in [0, 1]
            agreement = (a * b).sum(-1).mean()
            # mass the spatial-only input B puts on artificial detections
            art = torch.cat([
                m[:, :-1][:, batch.artificial[n - 1][ci][
                    batch.masks[n - 1][ci]]].sum(-1)
                for ci, (m, n) in enumerate(zip(trans_b, batch.lengths))
            ]).mean()
            # the agreement of uniform rows: 1 / columns of the row's clip
            chance = torch.cat([m.new_full((len(m), ), 1 / m.shape[1])
                                for m in masks]).mean()
            # share of the two inputs tracked with the RNN hand-off
            handoff = a.new_tensor(((view_a.handoff is not None) +
                                    (view_b.handoff is not None)) / 2)
        return dict(loss_consistency=loss, agreement=agreement,
                    chance_agreement=chance,
                    spatial_mass_on_artificial=art, handoff=handoff)

    # ----------------------------------------------------------- inference
    def predict(self, inputs, data_samples: TrackSampleList,
                rescale: bool = True, **kwargs) -> TrackSampleList:
        """Track a video frame by frame (batch of one video, as mmdet's MOT
        models)."""
        return track_video(self, data_samples, rescale)
