"""A warning when a crop embedding trained without labels collapses."""
from typing import Optional

from mmdet.registry import HOOKS

from .logged_scalars import logged_mean
from .stall_guard_hook import StallGuardHook


@HOOKS.register_module()
class EmbeddingCollapseHook(StallGuardHook):
    """Warns when :class:`ContrastiveCropEmbedding` gives the different
    detections of a frame nearly the same embedding.

    The model logs ``cosine_others``, the mean cosine between the centres of
    different detections of a frame. A collapsed embedding (cosine near 1)
    satisfies the L1 centre term of paper B's Eq. 2 and leaves every softmax
    of Eq. 3 uniform, so its tracking cue says nothing; measured on the
    synthetic corpus: a collapsing run reached 0.89 within 100 steps and
    1.000 without the embedder's batch normalisation; a learning one stays
    near 0 (-0.05 to 0.1). Every ``interval`` iterations the hook compares
    the mean over that interval with ``max_cosine``; after ``patience``
    checks in a row above it, a WARNING with the value and what to try
    (:class:`StallGuardHook`).

    Args:
        interval (int): Iterations between checks. Defaults to 100.
        patience (int): Checks above ``max_cosine`` before warning.
            Defaults to 3.
        max_cosine (float): Mean cosine counted as collapsed. Defaults to
            0.8.
    """
    META_KEY = 'embedding_collapse'

    def __init__(self, interval: int = 100, patience: int = 3,
                 max_cosine: float = 0.8) -> None:
        super().__init__(interval, patience)
        self.max_cosine = max_cosine

    def stalled(self, runner, steps: int) -> Optional[str]:
        cosine = logged_mean(runner, 'cosine_others', self.interval)
        if cosine is None:
            raise RuntimeError(
                'EmbeddingCollapseHook: the model logs no cosine_others; '
                'the hook is for ContrastiveCropEmbedding training')
        if cosine <= self.max_cosine:
            return None
        return (f'the crop embedding has collapsed: over the last {steps} '
                f'iterations the mean cosine of different detections of a '
                f'frame was {cosine:.3f} (above {self.max_cosine}), so its '
                'tracking cue cannot tell them apart. What to try: keep the '
                "embedder's batch_norm=True, raise "
                'model.loss_ic.lambda_contra, use '
                'model.loss_me.renormalise=True, and check that the '
                'detections are on distinct objects (det_score_thr).')
