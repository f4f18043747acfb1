import logging
from types import SimpleNamespace

from mmengine.logging import MessageHub

from mmtrack_unsup.engine import TrainLossPlateauHook


def _runner(name):
    return SimpleNamespace(
        message_hub=MessageHub.get_instance(name), iter=0,
        optim_wrapper=SimpleNamespace(param_groups=[{'lr': 1e-3}]),
        logger=logging.getLogger(name))


def _feed(hook, runner, losses):
    for value in losses:
        runner.message_hub.update_scalar('train/loss', value)
        hook.after_train_iter(runner, runner.iter)
        runner.iter += 1


def test_decays_after_patience_and_stops_at_min_lr():
    hook = TrainLossPlateauHook(interval=2, factor=0.1, patience=1,
                                min_lr=1e-5)
    runner = _runner('plateau_a')
    _feed(hook, runner, [4.0, 4.0, 3.0, 3.0])  # improving: no change
    assert runner.optim_wrapper.param_groups[0]['lr'] == 1e-3
    _feed(hook, runner, [3.0] * 4)  # 2 flat checks > patience 1
    assert abs(runner.optim_wrapper.param_groups[0]['lr'] - 1e-4) < 1e-12
    _feed(hook, runner, [3.0] * 12)
    assert abs(runner.optim_wrapper.param_groups[0]['lr'] - 1e-5) < 1e-12


def test_state_survives_a_checkpoint():
    hook = TrainLossPlateauHook(interval=1)
    runner = _runner('plateau_b')
    _feed(hook, runner, [2.0, 2.5])
    checkpoint = {}
    hook.before_save_checkpoint(runner, checkpoint)
    fresh = TrainLossPlateauHook(interval=1)
    fresh.after_load_checkpoint(runner, checkpoint)
    assert (fresh.best, fresh.num_bad) == (2.0, 1)


def test_a_new_regime_restarts_the_watch():
    """The occlusion run's hand-off starts at the end of its warm-up and the
    loss jumps: with regime_key='handoff' that is no plateau, the learning
    rate stays; without it, the flat checks after the jump cut it."""
    def run(regime_key):
        hook = TrainLossPlateauHook(interval=2, factor=0.1, patience=1,
                                    regime_key=regime_key)
        runner = _runner(f'plateau_regime_{regime_key}')
        for loss, handoff in [(3.0, 0.0)] * 4 + [(4.0, 1.0)] * 2 + \
                [(3.9, 1.0)] * 2:
            runner.message_hub.update_scalar('train/loss', loss)
            runner.message_hub.update_scalar('train/handoff', handoff)
            hook.after_train_iter(runner, runner.iter)
            runner.iter += 1
        return runner.optim_wrapper.param_groups[0]['lr'], hook

    lr, hook = run('handoff')
    assert lr == 1e-3 and hook.best == 3.9 and hook.regime == 1.0
    lr, _ = run(None)
    assert abs(lr - 1e-4) < 1e-12
