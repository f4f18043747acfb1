"""CycleClipsHook: a WARNING, once, when no clip fed the cycle loss over a
whole interval (loss_cycle 0 looks converged but trains nothing)."""
import logging
from types import SimpleNamespace

from mmengine.logging import MessageHub

from mmtrack_unsup.engine import CycleClipsHook


def _feed(hook, runner, clips, steps):
    for _ in range(steps):
        if clips is not None:
            runner.message_hub.update_scalar('train/cycle_clips', clips)
        hook.after_train_iter(runner, runner.iter)
        runner.iter += 1


def test_warns_once_when_no_clip_contributed(caplog):
    hook = CycleClipsHook(interval=4)
    runner = SimpleNamespace(message_hub=MessageHub.get_instance('cycle_a'),
                             iter=0, logger=logging.getLogger('cycle_a'))
    with caplog.at_level(logging.WARNING, logger='cycle_a'):
        _feed(hook, runner, None, 4)  # no clip batch yet: nothing to say
        _feed(hook, runner, 1, 3)
        _feed(hook, runner, 0, 1)  # the interval's mean is above 0
        assert not caplog.records
        _feed(hook, runner, 0, 4)
        _feed(hook, runner, 0, 8)  # warned once only
    message, = [r.getMessage() for r in caplog.records]
    assert 'no clip fed the cycle-consistency loss over the last 4 ' \
        'iterations' in message
    assert 'load_from' in message and 'valid_score_thr' in message
