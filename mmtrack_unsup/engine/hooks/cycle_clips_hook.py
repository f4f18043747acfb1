"""A warning when no clip feeds SOLO-Track's cycle-consistency loss."""
from typing import Optional

from mmdet.registry import HOOKS
from mmengine.hooks import Hook

from .logged_scalars import logged_mean


@HOOKS.register_module()
class CycleClipsHook(Hook):
    """Warns once when, over a whole ``interval`` of iterations, no clip fed
    the cycle-consistency loss (Fu et al., Sec. 3.4, Eq. 8).

    The loss of a clip needs at least one valid cell (an instance SOLO's
    inference keeps) in each of its frames; a clip without one adds nothing
    and ``loss_cycle`` is then 0 at every step, which looks like a converged
    loss. :class:`~mmtrack_unsup.models.vis.SOLOTrack` logs how many clips of
    each batch contributed (``cycle_clips``); this hook reads its mean over
    every ``interval`` and warns, with the likely cause, the first time it is
    zero. Reported on a GPU: the cycle config trained from an untrained
    detector logged ``loss_cycle: 0.0000`` for 100 iterations in silence.

    Args:
        interval (int): Iterations per check. Defaults to 50.
    """
    priority = 'LOW'

    def __init__(self, interval: int = 50) -> None:
        if interval < 1:
            raise ValueError('interval must be >= 1')
        self.interval = interval
        self.warned = False

    def after_train_iter(self, runner, batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if self.warned or not self.every_n_train_iters(runner,
                                                       self.interval):
            return
        clips = logged_mean(runner, 'cycle_clips', self.interval)
        if clips is None or clips > 0:  # None: no batch with clips yet
            return
        self.warned = True
        runner.logger.warning(
            f'no clip fed the cycle-consistency loss over the last '
            f'{self.interval} iterations (loss_cycle is 0, not converged): '
            'no frame of the clips had an instance that SOLO keeps '
            '(model.detector.test_cfg score_thr, mask_head.valid_score_thr). '
            'Start the video branch from a model trained on labeled images '
            '(load_from, as the cycle configs do), or lower those '
            'thresholds.')
