"""Padding of a batch of training clips, frame by frame."""
from typing import List

import torch
from mmengine.structures import BaseDataElement

from mmtrack_unsup.models.trackers.rnn_tracker import normalise_boxes


class ClipBatch:
    """Clips of different lengths and detection counts as padded tensors.

    For every frame index ``k`` up to the longest clip: ``boxes_px[k]``
    (C, N_k, 4), ``boxes_norm[k]`` (C, N_k, 4), ``masks[k]`` (C, N_k) bool
    (False for padding and for clips shorter than ``k + 1``),
    ``crop_index[k]`` (C, N_k) into the batch's concatenated crops (-1: no
    crop) and ``artificial[k]`` (C, N_k) bool. Valid entries come first in
    every row, so ``[:n_valid]`` slices a clip's own detections.
    """

    def __init__(self, samples: List[BaseDataElement],
                 num_crops: List[int], device) -> None:
        self.num_clips = len(samples)
        self.lengths = [len(s.bboxes) for s in samples]
        if min(self.lengths) < 2:
            raise ValueError('a training clip needs at least 2 frames')
        offsets = [sum(num_crops[:i]) for i in range(len(num_crops))]
        # f of an all-zero crop, computed once per batch by the model
        self.hidden_visual = None
        self.boxes_px, self.boxes_norm, self.masks = [], [], []
        self.crop_index, self.artificial = [], []
        for k in range(max(self.lengths)):
            n_max = max([len(s.bboxes[k]) for s in samples
                         if k < len(s.bboxes)] + [0])
            px = torch.zeros(self.num_clips, n_max, 4, device=device)
            norm = torch.zeros_like(px)
            mask = torch.zeros(self.num_clips, n_max, dtype=torch.bool,
                               device=device)
            idx = torch.full((self.num_clips, n_max), -1, dtype=torch.long,
                             device=device)
            art = torch.zeros_like(mask)
            for ci, s in enumerate(samples):
                if k >= len(s.bboxes):
                    continue
                n = len(s.bboxes[k])
                b = s.bboxes[k].to(device)
                height, width = s.metainfo['img_shape']
                px[ci, :n] = b
                norm[ci, :n] = normalise_boxes(b, float(width), float(height))
                mask[ci, :n] = True
                ci_idx = s.crop_index[k].to(device)
                idx[ci, :n] = torch.where(ci_idx >= 0, ci_idx + offsets[ci],
                                          ci_idx)
                if k == len(s.bboxes) - 1:
                    art[ci, :n] = s.artificial.to(device)
            self.boxes_px.append(px)
            self.boxes_norm.append(norm)
            self.masks.append(mask)
            self.crop_index.append(idx)
            self.artificial.append(art)
