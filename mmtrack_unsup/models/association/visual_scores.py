"""The visual-only scores of tracks with several earlier crops (Sec. 4.1)."""
from typing import List

import numpy as np
import torch
from torch import Tensor


def sampled_visual_scores(net, histories: List[List[Tensor]],
                          det_feats: Tensor, num_samples: int,
                          rng: np.random.Generator) -> Tensor:
    """Scores ``(T, N + 1)`` of tracks against detections from the crops
    alone, averaged over up to ``num_samples`` earlier crops per track.

    Sec. 4.1 ("Inference"): the visual-only output of a track is computed
    from a few of its earlier detections, each seen as a one-detection
    track (no recurrence), and the scores are averaged.

    Args:
        net (RNNMatchingNetwork): The trained network.
        histories (list[list[Tensor]]): Per track, its earlier ``(1, 68)``
            visual detection features.
        det_feats (Tensor): ``(N, 68)`` visual features of the detections.
        num_samples (int): Crops sampled per track (without replacement).
        rng (np.random.Generator): Seeded sampling.
    """
    samples, valid = [], []
    for history in histories:
        pick = rng.choice(len(history), size=min(num_samples, len(history)),
                          replace=False)
        feats = torch.cat([history[i] for i in pick])
        pad = num_samples - len(pick)
        samples.append(torch.cat([feats, feats.new_zeros(pad,
                                                         feats.shape[1])]))
        valid.append([True] * len(pick) + [False] * pad)
    samples = torch.stack(samples)  # (T, k, 68)
    valid = torch.tensor(valid, device=samples.device)
    h, _ = net.start_tracks(samples.flatten(0, 1))
    scores = net.score(h, det_feats).view(*samples.shape[:2], -1)
    w = valid.float().unsqueeze(-1)
    return (scores * w).sum(1) / w.sum(1)
