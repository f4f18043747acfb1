"""CNN + LSTM + matching network of Bastani et al., Sec. 3.1."""
from typing import Optional, Sequence, Tuple

import torch
from mmdet.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmtrack_unsup.models.utils import (build_crop_cnn, normalise_crops,
                                        pooled_features)


@MODELS.register_module()
class RNNMatchingNetwork(BaseModule):
    """Scores the match between tracks and detections.

    * detection features f(d): a CNN on the detection's crop (6 strided
      convolutions, ReLU on the first 5, linear last, 64-d) concatenated with
      the box (cx, cy, w, h) normalised by the frame's own size -> 68-d;
    * track features f(t): the last output of an LSTM (64 hidden) run over
      the track's detection features; it is stepped once per detection added
      to a track, which is the same LSTM run incrementally;
    * matching network: 4 fully-connected layers on [f(t), f(d)] -> a score.
      The *absent* column (track not visible in this frame) is scored by the
      same layers with a learned embedding in place of f(d); the paper leaves
      this choice open.

    Args:
        crop_size (int): Side of the square crops. Defaults to 64.
        cnn_channels (Sequence[int]): Output channels of the 6 convolutions;
            the last one is the visual feature size. Defaults to
            (32, 64, 64, 64, 64, 64).
        hidden_dim (int): LSTM hidden size. Defaults to 64.
        matcher_channels (Sequence[int]): Widths of the first 3 of the 4
            fully-connected layers. Defaults to (128, 128, 64).
        box_scale (float): Multiplies the normalised box (cx, cy, w, h)
            before it enters the network. 1 is the paper; boxes of nearby
            candidates differ by ~0.01 there, which the matcher resolves only
            after long training. A larger scale conditions the input better
            (same information) and trains much faster on CPU budgets.
        hidden_visual (str): How hidden pixels (``im = 0``) look to the
            network: ``'cnn'`` feeds the CNN an all-zero crop (the paper,
            literally); ``'zeros'`` uses a zero feature vector, the same
            information without a constant offset that dominates the
            spatial-only input.
    """

    def __init__(self,
                 crop_size: int = 64,
                 cnn_channels: Sequence[int] = (32, 64, 64, 64, 64, 64),
                 hidden_dim: int = 64,
                 matcher_channels: Sequence[int] = (128, 128, 64),
                 box_scale: float = 1.0,
                 hidden_visual: str = 'cnn',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg)
        if hidden_visual not in ('cnn', 'zeros'):
            raise ValueError(f"hidden_visual must be 'cnn' or 'zeros', got "
                             f'{hidden_visual!r}')
        self.box_scale = box_scale
        self.hidden_visual = hidden_visual
        if len(cnn_channels) != 6 or len(matcher_channels) != 3:
            raise ValueError('the paper uses 6 convolutions and 4 '
                             'fully-connected layers')
        self.crop_size = crop_size
        self.cnn = build_crop_cnn(cnn_channels)
        self.visual_dim = cnn_channels[-1]
        self.det_dim = self.visual_dim + 4
        self.hidden_dim = hidden_dim
        self.lstm = nn.LSTMCell(self.det_dim, hidden_dim)
        dims = [hidden_dim + self.det_dim, *matcher_channels]
        fcs = []
        for a, b in zip(dims[:-1], dims[1:]):
            fcs += [nn.Linear(a, b), nn.ReLU(inplace=True)]
        fcs.append(nn.Linear(dims[-1], 1))
        self.matcher = nn.Sequential(*fcs)
        self.absent_embedding = nn.Parameter(torch.zeros(self.det_dim))

    def encode_crops(self, crops: Tensor) -> Tensor:
        """``(N, 3, S, S)`` uint8 or float crops in [0, 255] -> ``(N, 64)``."""
        return pooled_features(self.cnn, normalise_crops(crops))

    def hidden_visual_features(self, device) -> Tensor:
        """Visual features when the pixels are hidden (``im = 0``)."""
        if self.hidden_visual == 'zeros':
            return torch.zeros(self.visual_dim, device=device)
        zero = torch.zeros(1, 3, self.crop_size, self.crop_size,
                           device=device)
        return pooled_features(self.cnn, zero - 0.5)[0]

    def detection_features(self, visual: Tensor, boxes: Tensor) -> Tensor:
        """Concatenate ``(..., 64)`` visual and ``(..., 4)`` normalised
        box features into f(d)."""
        return torch.cat([visual, boxes * self.box_scale], dim=-1)

    def start_tracks(self, det_feats: Tensor) -> Tuple[Tensor, Tensor]:
        """LSTM state of tracks made of one detection each."""
        return self.lstm(det_feats)

    def extend_tracks(self, det_feats: Tensor,
                      state: Tuple[Tensor, Tensor]) -> Tuple[Tensor, Tensor]:
        """Add one detection to every track (one LSTM step)."""
        return self.lstm(det_feats, state)

    def score(self, track_feats: Tensor, det_feats: Tensor) -> Tensor:
        """Score matrix S with the absent column.

        Args:
            track_feats (Tensor): ``(..., T, hidden_dim)`` f(t).
            det_feats (Tensor): ``(..., N, 68)`` f(d).

        Returns:
            Tensor: ``(..., T, N + 1)``, the last column scoring *absent*.
        """
        absent = self.absent_embedding.expand(*det_feats.shape[:-2], 1,
                                              self.det_dim)
        dets = torch.cat([det_feats, absent], dim=-2)
        t, n = track_feats.shape[-2], dets.shape[-2]
        pairs = torch.cat([
            track_feats.unsqueeze(-2).expand(*track_feats.shape[:-1], n,
                                             self.hidden_dim),
            dets.unsqueeze(-3).expand(*dets.shape[:-2], t, n, self.det_dim)
        ], dim=-1)
        return self.matcher(pairs).squeeze(-1)
