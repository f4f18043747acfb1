import logging
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from mmtrack_unsup.engine import CheckpointCoverageHook
from mmtrack_unsup.utils.checkpoint import checkpoint_coverage


class Net(nn.Module):

    def __init__(self, head_out=3):
        super().__init__()
        self.backbone = nn.Linear(2, 4)
        self.norm = nn.BatchNorm1d(4)
        self.head = nn.Linear(4, head_out)


def _runner(model, load_from='x.pth'):
    return SimpleNamespace(model=model, cfg=dict(load_from=load_from),
                           logger=logging.getLogger('coverage_test'))


def test_coverage_of_own_other_and_partial_checkpoints():
    own = Net().state_dict()
    report = checkpoint_coverage(Net(), dict(state_dict=own))
    assert report.complete and not report.unexpected
    # mmengine's DDP prefix is removed, as load_checkpoint does
    ddp = {'module.' + k: v for k, v in own.items()}
    assert checkpoint_coverage(Net(), dict(state_dict=ddp)).complete
    # a bare dict of another model: everything missing, 'foo' unexpected
    report = checkpoint_coverage(Net(), {'foo': torch.zeros(1)})
    assert report.missing == list(own) and report.unexpected == ['foo']
    # another head size: loaded by name but not by shape
    report = checkpoint_coverage(Net(head_out=5), dict(state_dict=own))
    assert report.mismatched == ['head.weight (3, 4) vs (5, 4)',
                                 'head.bias (3,) vs (5,)']
    # a new branch may start fresh when its prefix is listed
    partial = {k: v for k, v in own.items() if not k.startswith('head.')}
    report = checkpoint_coverage(Net(), dict(state_dict=partial))
    assert report.missing == ['head.weight', 'head.bias']
    assert checkpoint_coverage(Net(), dict(state_dict=partial),
                               fresh_prefixes=['head.']).complete
    # buffers count: BatchNorm statistics are part of the model
    no_stats = {k: v for k, v in own.items() if 'running' not in k}
    assert checkpoint_coverage(Net(), no_stats).missing == [
        'norm.running_mean', 'norm.running_var']


def test_hook_refuses_names_keys_and_can_be_overridden(caplog):
    model = Net()
    foreign = {'foo': torch.zeros(1)}
    with pytest.raises(RuntimeError) as e:
        CheckpointCoverageHook().after_load_checkpoint(_runner(model),
                                                       foreign)
    text = str(e.value)
    assert text.startswith('x.pth does not load the whole Net')
    assert '9 keys missing from the checkpoint: backbone.weight' in text
    assert '1 keys in the checkpoint but not in the model: foo' in text
    assert '--allow-partial-checkpoint' in text
    with caplog.at_level(logging.WARNING, logger='coverage_test'):
        CheckpointCoverageHook(allow_partial=True).after_load_checkpoint(
            _runner(model), foreign)
    assert 'does not load the whole Net' in caplog.text
    CheckpointCoverageHook().after_load_checkpoint(
        _runner(model), dict(state_dict=model.state_dict()))


def test_testing_without_a_checkpoint():
    model, empty = Net(), nn.Module()
    hook = CheckpointCoverageHook(require_checkpoint=True)
    with pytest.raises(RuntimeError, match='Net has learned weights but no '
                       'checkpoint was loaded'):
        hook.before_test(_runner(model, None))
    hook.before_test(_runner(empty, None))  # SORT & co. have no weights
    CheckpointCoverageHook().before_test(_runner(model, None))
    CheckpointCoverageHook(require_checkpoint=True,
                           allow_partial=True).before_test(
                               _runner(model, None))
    hook.after_load_checkpoint(_runner(model),
                               dict(state_dict=model.state_dict()))
    hook.before_test(_runner(model))
