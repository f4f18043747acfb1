"""Learning-rate decay when the training loss reaches a plateau."""
from typing import Optional

from mmdet.registry import HOOKS
from mmengine.hooks import Hook

from .logged_scalars import logged_mean


@HOOKS.register_module()
class TrainLossPlateauHook(Hook):
    """Multiplies the learning rate by ``factor`` when the training loss,
    averaged over the last ``interval`` iterations, has not improved for
    ``patience`` checks, down to ``min_lr``.

    Bastani et al. (Sec. 5) train with Adam at lr 1e-4 "decaying to 1e-5
    after plateau". Training reads no labels, so the plateau is watched on
    the training loss. mmengine's ``ReduceOnPlateauLR`` cannot do this: it
    is stepped with the validation metrics after every validation and
    requires the monitored key there. The hook's state is saved in
    checkpoints, so ``--resume`` continues it.

    Args:
        interval (int): Iterations between two checks.
        factor (float): LR multiplier at a plateau. Defaults to 0.1.
        patience (int): Checks without improvement before decaying.
        min_lr (float): Lower bound of the LR. Defaults to 1e-5.
        threshold (float): Relative improvement that counts. Defaults to
            1e-3.
        monitor (str): The logged training scalar. Defaults to ``'loss'``.
        regime_key (str, optional): A logged training scalar that marks a
            change of regime, e.g. ``'handoff'`` of
            :class:`CrossInputConsistency` (the share of hidden inputs
            tracked with the RNN hand-off, 0 during
            ``OcclusionHiding(handoff_warmup=...)``). When its latest value
            differs from the previous check's, the loss of the new regime
            is not compared with the old one: the watch restarts (best and
            patience reset) and the learning rate is kept. Without it, the
            jump of the loss at the end of the hand-off warm-up counts as
            checks without improvement and cuts the learning rate.
    """
    priority = 'LOW'

    def __init__(self, interval: int = 200, factor: float = 0.1,
                 patience: int = 3, min_lr: float = 1e-5,
                 threshold: float = 1e-3, monitor: str = 'loss',
                 regime_key: Optional[str] = None) -> None:
        self.interval = interval
        self.factor = factor
        self.patience = patience
        self.min_lr = min_lr
        self.threshold = threshold
        self.monitor = monitor
        self.regime_key = regime_key
        self.regime = None
        self.best = float('inf')
        self.num_bad = 0

    def after_train_iter(self, runner, batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if not self.every_n_train_iters(runner, self.interval):
            return
        value = logged_mean(runner, self.monitor, self.interval)
        if value is None:
            raise RuntimeError(f'TrainLossPlateauHook: the model logs no '
                               f'{self.monitor!r} to monitor')
        if self.regime_key is not None:
            regime = logged_mean(runner, self.regime_key, 1)
            if regime is None:
                raise RuntimeError(f'TrainLossPlateauHook: the model logs no '
                                   f'{self.regime_key!r} (regime_key)')
            if self.regime is not None and regime != self.regime:
                runner.logger.info(
                    f'{self.regime_key} {self.regime:g} -> {regime:g}: a new '
                    f'regime, the {self.monitor} plateau watch restarts')
                self.best, self.num_bad = float('inf'), 0
            self.regime = regime
        if value < self.best * (1 - self.threshold):
            self.best, self.num_bad = value, 0
            return
        self.num_bad += 1
        if self.num_bad <= self.patience:
            return
        self.num_bad = 0
        for group in runner.optim_wrapper.param_groups:
            new = max(group['lr'] * self.factor, self.min_lr)
            if new < group['lr']:
                group['lr'] = new
                runner.logger.info(f'{self.monitor} plateau at {value:.4f}: '
                                   f'lr -> {new:.2e}')

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint.setdefault('meta', {})['loss_plateau'] = dict(
            best=self.best, num_bad=self.num_bad, regime=self.regime)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        state = checkpoint.get('meta', {}).get('loss_plateau')
        if state:
            self.best, self.num_bad = state['best'], state['num_bad']
            self.regime = state.get('regime')
