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
    not have; the run lengths and hand-off are drawn uniformly here, the
    hand-off among the frames the input sees, and view B is redrawn until it
    differs from view A. Both inputs see crops of every frame: the data
    pipeline must load them, ``LoadClipCrops(frames='all')``
    (``crop_frames``), as ``configs/cross_input/*occlusion*`` does.

    Args:
        max_occluded_frac (float): Longest occlusion as a fraction of the
            intermediate frames. Defaults to 0.5.
        handoff (bool): Use the RNN hand-off. Defaults to True.
        handoff_warmup (int): Training steps at the start with no hand-off
            (a deviation, off by default: the paper hands off from the first
            step). The hand-off multiplies two transition matrices, and at
            initialisation both are near uniform: the product is then
            near uniform whatever either factor does, so its gradient
            carries almost no structure. On the synthetic corpus the loss
            and the agreement of the two inputs stayed flat for 2000 steps
            with the hand-off from step 0 (2.82 -> 2.56, agreement ~0.1),
            but fell from the first steps without it (3.84 -> 2.93 in 160
            steps, gradient norm rising from 0.9 to 3.9; the measurements
            and their commands are in docs/cross_input/experiments.md, "Table
            1's occlusion row"): a warm-up teaches
            the single-run tracker first, then the hand-off keeps the RNN
            from carrying I0's features straight to In as the paper wants.
        max_redraws (int): Redraws of view B while it equals view A.
            Defaults to 20.
    """
    crop_frames = 'all'  # what LoadClipCrops(frames=...) must load

    def __init__(self, max_occluded_frac: float = 0.5,
                 handoff: bool = True, handoff_warmup: int = 0,
                 max_redraws: int = 20) -> None:
        if handoff_warmup < 0:
            raise ValueError(f'handoff_warmup must be >= 0, got '
                             f'{handoff_warmup}')
        self.max_occluded_frac = max_occluded_frac
        self.handoff = handoff
        self.handoff_warmup = handoff_warmup
        self.max_redraws = max_redraws

    def _view(self, n: int, rng: np.random.Generator,
              handoff_on: bool) -> InputView:
        inner = n - 1  # frames 1..n-1
        hidden = frozenset()
        if inner > 0:
            length = int(rng.integers(
                1, max(1, int(inner * self.max_occluded_frac)) + 1))
            start = int(rng.integers(1, n - length + 1))
            hidden = frozenset(range(start, start + length))
        handoff = None
        # the paper's 1 < h < n, at a frame the input sees: hiding Ih would
        # leave the second segment no tracks to start from, and removing h
        # from the run instead would erase a length-1 occlusion
        candidates = [h for h in range(2, n) if h not in hidden]
        if handoff_on and candidates:
            handoff = int(rng.choice(candidates))
        return InputView(hidden_frames=hidden, handoff=handoff)

    def __call__(self, num_frames: int, rng: np.random.Generator,
                 step: int = 0) -> Tuple[InputView, InputView]:
        """Views A and B of a clip of ``num_frames`` frames at training
        step ``step`` (counted from 0; it only matters for the warm-up)."""
        n = num_frames - 1
        handoff_on = self.handoff and step >= self.handoff_warmup
        view_a = self._view(n, rng, handoff_on)
        # the two inputs see different subsequences (Sec. 4.2); a clip too
        # short to allow two different views keeps the last draw
        view_b = self._view(n, rng, handoff_on)
        for _ in range(self.max_redraws):
            if view_b != view_a:
                break
            view_b = self._view(n, rng, handoff_on)
        return view_a, view_b
