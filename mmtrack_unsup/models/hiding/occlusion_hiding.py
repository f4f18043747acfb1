"""Occlusion-based hiding (Bastani et al., Sec. 4.2)."""
from typing import Tuple

import numpy as np
from mmdet.registry import TASK_UTILS

from .input_view import InputView


@TASK_UTILS.register_module()
class OcclusionHiding:
    """Both inputs see crops and boxes, but each loses the detections of a
    different random run of intermediate frames (a simulated occlusion), and
    each is tracked in two parts joined at a hand-off frame, so RNN features
    never travel from I0 to In directly.

    The paper gives the details in its supplementary material, which we do
    not have; the run lengths and hand-off are drawn uniformly here.

    Args:
        max_occluded_frac (float): Longest occlusion as a fraction of the
            intermediate frames. Defaults to 0.5.
        handoff (bool): Use the RNN hand-off. Defaults to True.
    """
    crop_frames = 'all'

    def __init__(self, max_occluded_frac: float = 0.5,
                 handoff: bool = True) -> None:
        self.max_occluded_frac = max_occluded_frac
        self.handoff = handoff

    def _view(self, n: int, rng: np.random.Generator) -> InputView:
        inner = n - 1  # frames 1..n-1
        hidden = frozenset()
        if inner > 0:
            length = rng.integers(1, max(1, int(inner *
                                                self.max_occluded_frac)) + 1)
            start = rng.integers(1, n - length + 1)
            hidden = frozenset(range(int(start), int(start + length)))
        handoff = None
        if self.handoff and n >= 3:  # the paper's 1 < h < n
            handoff = int(rng.integers(2, n))
            hidden = hidden - {handoff}
        return InputView(hidden_frames=hidden, handoff=handoff)

    def __call__(self, num_frames: int,
                 rng: np.random.Generator) -> Tuple[InputView, InputView]:
        n = num_frames - 1
        return self._view(n, rng), self._view(n, rng)
