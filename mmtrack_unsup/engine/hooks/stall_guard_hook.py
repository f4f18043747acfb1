"""The base of the hooks that warn when training has stopped learning."""
from typing import Optional

from mmengine.hooks import Hook


class StallGuardHook(Hook):
    """Every ``interval`` iterations :meth:`stalled` inspects the logged
    statistics; after ``patience`` stalled checks in a row the hook logs a
    WARNING with its message, and again after every further ``patience``.
    A healthy check resets the count. The count is saved in checkpoints
    (``meta[META_KEY]``), so ``--resume`` continues it.

    Args:
        interval (int): Iterations between checks.
        patience (int): Stalled checks in a row before warning.
    """
    priority = 'LOW'
    META_KEY = ''
    COUNT_KEY = 'num_stalled'

    def __init__(self, interval: int, patience: int) -> None:
        if interval < 1 or patience < 1:
            raise ValueError('interval and patience must be >= 1')
        self.interval = interval
        self.patience = patience
        self.num_stalled = 0

    def stalled(self, runner, steps: int) -> Optional[str]:
        """The warning if this check is stalled (``steps``: the iterations
        stalled if it is), else None."""
        raise NotImplementedError

    def after_train_iter(self, runner, batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if not self.every_n_train_iters(runner, self.interval):
            return
        message = self.stalled(runner,
                               (self.num_stalled + 1) * self.interval)
        if message is None:
            self.num_stalled = 0
            return
        self.num_stalled += 1
        if self.num_stalled % self.patience == 0:
            runner.logger.warning(message)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint.setdefault('meta', {})[self.META_KEY] = {
            self.COUNT_KEY: self.num_stalled}

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        state = checkpoint.get('meta', {}).get(self.META_KEY)
        if state:
            self.num_stalled = state[self.COUNT_KEY]
