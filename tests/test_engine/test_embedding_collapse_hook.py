"""EmbeddingCollapseHook: a WARNING when the crop embedding gives the
different detections of a frame the same embedding."""
import logging
from types import SimpleNamespace

import pytest
from mmengine.logging import MessageHub

from mmtrack_unsup.engine import EmbeddingCollapseHook


def _runner(name):
    return SimpleNamespace(message_hub=MessageHub.get_instance(name), iter=0,
                           logger=logging.getLogger(name))


def _feed(hook, runner, cosine, steps):
    for _ in range(steps):
        runner.message_hub.update_scalar('train/cosine_others', cosine)
        hook.after_train_iter(runner, runner.iter)
        runner.iter += 1


def test_warns_on_collapse_not_on_learning(caplog):
    """The measured runs: a learning one near 0 never warns; a collapsing
    one (0.89, then 1.0) warns after `patience` checks, with the value."""
    hook = EmbeddingCollapseHook(interval=10, patience=3)
    runner = _runner('collapse_a')
    with caplog.at_level(logging.WARNING, logger='collapse_a'):
        _feed(hook, runner, 0.05, 200)
        _feed(hook, runner, 0.89, 20)  # 2 checks: not yet
        assert not caplog.records
        _feed(hook, runner, 1.0, 10)
    message, = [r.getMessage() for r in caplog.records]
    assert 'collapsed' in message and 'last 30 iterations' in message
    assert '1.000' in message and 'lambda_contra' in message
    # the count travels in checkpoints
    checkpoint = {}
    hook.before_save_checkpoint(runner, checkpoint)
    fresh = EmbeddingCollapseHook(interval=10, patience=3)
    fresh.after_load_checkpoint(runner, checkpoint)
    assert fresh.num_stalled == 3


def test_a_model_without_the_statistic_is_a_clear_error():
    hook = EmbeddingCollapseHook(interval=1)
    runner = _runner('collapse_b')
    runner.message_hub.update_scalar('train/loss', 1.0)
    with pytest.raises(RuntimeError, match='logs no cosine_others'):
        hook.after_train_iter(runner, 0)
    with pytest.raises(ValueError, match='interval and patience'):
        EmbeddingCollapseHook(interval=0)
