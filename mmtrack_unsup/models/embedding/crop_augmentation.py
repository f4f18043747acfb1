"""Random views of detection crops for instance-contrastive training."""
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmdet.registry import TASK_UTILS
from torch import Tensor


@TASK_UTILS.register_module()
class CropAugmentation:
    """Draws a random view of every crop: a zoom into a random window
    (side ``scale`` of the crop's, anywhere inside it), a horizontal flip,
    and brightness / contrast / per-channel colour gains.

    Paper B (Fu et al., Sec. 3.2) makes every grid cell of an instance's
    mask a sample of that instance; a detection crop of unlabeled footage
    is one sample only, so :class:`ContrastiveCropEmbedding` takes several
    random views of it instead, as self-supervised instance discrimination
    does. The views keep what tells two people apart (clothes, build) and
    vary what a person's next detection varies (box jitter, pose mirror,
    light).

    Args:
        scale (Sequence[float]): Range of the window's side, a fraction of
            the crop's. Defaults to (0.7, 1.0).
        flip_prob (float): Probability of a horizontal flip. Defaults to
            0.5.
        brightness (float): Added brightness is uniform in +-this (inputs in
            [-0.5, 0.5]). Defaults to 0.1.
        contrast (float): Contrast factor uniform in 1 +- this. Defaults to
            0.2.
        colour (float): Per-channel gain uniform in 1 +- this. Defaults to
            0.1.
    """

    def __init__(self,
                 scale: Sequence[float] = (0.7, 1.0),
                 flip_prob: float = 0.5,
                 brightness: float = 0.1,
                 contrast: float = 0.2,
                 colour: float = 0.1) -> None:
        if not 0 < scale[0] <= scale[1] <= 1:
            raise ValueError(f'scale must be (min, max) in (0, 1], got '
                             f'{scale}')
        self.scale = tuple(scale)
        self.flip_prob = flip_prob
        self.brightness = brightness
        self.contrast = contrast
        self.colour = colour

    def __call__(self, x: Tensor, rng: np.random.Generator) -> Tensor:
        """``(N, 3, S, S)`` float crops in [-0.5, 0.5] -> one random view
        of each, same shape and range."""
        n = len(x)
        if n == 0:
            return x

        def draw(low, high, size=(n, )):
            return torch.as_tensor(rng.uniform(low, high, size),
                                   dtype=x.dtype, device=x.device)

        side = draw(*self.scale)
        # window centre so that the window stays inside the crop
        cx, cy = (draw(-1, 1) * (1 - side) for _ in range(2))
        flip = torch.as_tensor(rng.random(n) < self.flip_prob,
                               device=x.device)
        sx = torch.where(flip, -side, side)
        zero = torch.zeros_like(side)
        theta = torch.stack([torch.stack([sx, zero, cx], 1),
                             torch.stack([zero, side, cy], 1)], 1)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        out = F.grid_sample(x, grid, mode='bilinear', padding_mode='border',
                            align_corners=False)
        mean = out.mean(dim=(1, 2, 3), keepdim=True)
        contrast = draw(1 - self.contrast, 1 + self.contrast)[:, None, None,
                                                              None]
        gain = draw(1 - self.colour, 1 + self.colour, (n, 3))[:, :, None,
                                                              None]
        bright = draw(-self.brightness, self.brightness)[:, None, None, None]
        out = ((out - mean) * contrast + mean) * gain + bright
        return out.clamp(-0.5, 0.5)
