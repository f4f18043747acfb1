"""The crop CNN of Bastani et al., Sec. 3.1, shared by every network that
reads detection crops."""
from typing import Sequence

from torch import Tensor, nn


def build_crop_cnn(channels: Sequence[int]) -> nn.Sequential:
    """Strided 4x4 convolutions (stride 2), ReLU after all but the last, so
    a 64x64 crop ends at 1x1 after 6 layers (the paper's CNN)."""
    layers, in_ch = [], 3
    for i, ch in enumerate(channels):
        layers.append(nn.Conv2d(in_ch, ch, 4, stride=2, padding=1))
        if i < len(channels) - 1:
            layers.append(nn.ReLU(inplace=True))
        in_ch = ch
    return nn.Sequential(*layers)


def normalise_crops(crops: Tensor) -> Tensor:
    """``(N, 3, S, S)`` uint8 or float crops in [0, 255] -> float in
    [-0.5, 0.5], the CNN's input."""
    return crops.float() / 255.0 - 0.5


def pooled_features(cnn: nn.Module, x: Tensor) -> Tensor:
    """The CNN's output averaged over space (1x1 at S=64; pools
    otherwise): ``(N, C)``."""
    return cnn(x).mean(dim=(2, 3))
