"""ChanceAgreementHook: a WARNING when cross-input consistency training sits
at the uniform solution (agreement of the two inputs at chance)."""
import logging
from types import SimpleNamespace

import pytest
from mmengine.logging import MessageHub

from mmtrack_unsup.engine import ChanceAgreementHook


def _runner(name):
    return SimpleNamespace(message_hub=MessageHub.get_instance(name), iter=0,
                           logger=logging.getLogger(name))


def _feed(hook, runner, agreement, chance, steps):
    for _ in range(steps):
        runner.message_hub.update_scalar('train/agreement', agreement)
        runner.message_hub.update_scalar('train/chance_agreement', chance)
        hook.after_train_iter(runner, runner.iter)
        runner.iter += 1


def test_warns_after_patience_checks_at_chance(caplog):
    hook = ChanceAgreementHook(interval=2, patience=3, ratio=1.5)
    runner = _runner('chance_a')
    with caplog.at_level(logging.WARNING, logger='chance_a'):
        _feed(hook, runner, 0.05, 0.05, 4)  # 2 checks at chance
        assert not caplog.records
        _feed(hook, runner, 0.07, 0.05, 2)  # 1.4x chance: still at chance
    message, = [r.getMessage() for r in caplog.records]
    assert 'uniform solution' in message and 'last 6 iterations' in message
    assert '0.070' in message and 'chance is 0.050' in message
    assert "artificial_source='background'" in message
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger='chance_a'):
        _feed(hook, runner, 0.05, 0.05, 6)  # 3 more checks: warns again
    assert len(caplog.records) == 1


def test_learning_resets_the_count_and_never_warns(caplog):
    hook = ChanceAgreementHook(interval=2, patience=2, ratio=1.5)
    runner = _runner('chance_b')
    with caplog.at_level(logging.WARNING, logger='chance_b'):
        _feed(hook, runner, 0.05, 0.05, 2)  # one check at chance
        _feed(hook, runner, 0.2, 0.05, 2)  # learning: 4x chance
        _feed(hook, runner, 0.05, 0.05, 2)  # one again: not two in a row
    assert hook.num_at_chance == 1 and not caplog.records
    checkpoint = {}
    hook.before_save_checkpoint(runner, checkpoint)
    fresh = ChanceAgreementHook(interval=2, patience=2)
    fresh.after_load_checkpoint(runner, checkpoint)
    assert fresh.num_at_chance == 1


def test_a_model_without_agreement_is_a_clear_error():
    hook = ChanceAgreementHook(interval=1)
    runner = _runner('chance_c')
    runner.message_hub.update_scalar('train/loss', 1.0)
    with pytest.raises(RuntimeError, match='logs no agreement and '
                       'chance_agreement'):
        hook.after_train_iter(runner, 0)


def test_defaults_stay_silent_on_a_slow_start_like_tud(caplog):
    """The defaults (1.2x chance, 10 checks of 100 steps): the TUD runs sat
    at chance for 500 steps, then rose to 1.3-1.5x; silent. A run at chance
    for 1000 steps: one warning."""
    hook = ChanceAgreementHook()
    runner = _runner('chance_d')
    with caplog.at_level(logging.WARNING, logger='chance_d'):
        _feed(hook, runner, 0.11, 0.12, 500)
        _feed(hook, runner, 0.16, 0.12, 1500)
        assert not caplog.records
        _feed(hook, runner, 0.12, 0.12, 1000)
    message, = [r.getMessage() for r in caplog.records]
    assert 'last 1000 iterations' in message
