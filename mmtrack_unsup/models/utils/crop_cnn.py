"""The crop CNN of Bastani et al., Sec. 3.1, shared by every network that
reads detection crops."""
from typing import Sequence

import torch
from torch import Tensor, nn


class CropCNN(nn.Sequential):
    """The convolutions in channels-last memory layout (weights and
    input): the same function, computed by oneDNN without layout
    conversions. On one CPU thread (2 cores busy with trainings) this ran
    the paper's CNN 1.2x faster on 10 crops and a training step's forward
    and backward on 96 crops 1.6x faster than the default layout, outputs
    equal to 7.5e-9 (``python tools/analysis_tools/crop_cnn_speed.py``). Parameter names are
    those of an ``nn.Sequential``, so checkpoints load unchanged."""

    def __init__(self, *layers: nn.Module) -> None:
        super().__init__(*layers)
        self.to(memory_format=torch.channels_last)

    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x.contiguous(memory_format=torch.channels_last))


def build_crop_cnn(channels: Sequence[int]) -> CropCNN:
    """Strided 4x4 convolutions (stride 2), ReLU after all but the last, so
    a 64x64 crop ends at 1x1 after 6 layers (the paper's CNN)."""
    layers, in_ch = [], 3
    for i, ch in enumerate(channels):
        layers.append(nn.Conv2d(in_ch, ch, 4, stride=2, padding=1))
        if i < len(channels) - 1:
            layers.append(nn.ReLU(inplace=True))
        in_ch = ch
    return CropCNN(*layers)


def normalise_crops(crops: Tensor) -> Tensor:
    """``(N, 3, S, S)`` uint8 or float crops in [0, 255] -> float in
    [-0.5, 0.5], the CNN's input."""
    return crops.float() / 255.0 - 0.5


def pooled_features(cnn: nn.Module, x: Tensor) -> Tensor:
    """The CNN's output averaged over space (1x1 at S=64; pools
    otherwise): ``(N, C)``."""
    return cnn(x).mean(dim=(2, 3))
