"""Loading of mmengine checkpoints: full unpickling under torch >= 2.6, and
how far a checkpoint covers a model."""
import os.path as osp
import re
from dataclasses import dataclass, field
from typing import List, Sequence, Tuple

import torch
from mmengine.runner.checkpoint import CheckpointLoader


def _load_local_checkpoint(filename: str, map_location=None):
    """mmengine's ``load_from_local`` with full unpickling."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return torch.load(filename, map_location=map_location,
                      weights_only=False)


def load_local_checkpoints_fully() -> None:
    """Let ``--resume`` and ``load_from`` read mmengine 0.10 checkpoints.

    torch 2.6 made ``torch.load(weights_only=True)`` the default. mmengine
    0.10.7 predates that and stores its message hub (``HistoryBuffer`` with
    numpy arrays) in every checkpoint, which the safe unpickler rejects; it
    would need ``getattr`` allow-listed, which defeats the safe mode. So the
    training and test entry points restore torch < 2.6 behaviour for local
    files, as mmengine was written for. Only load checkpoints you trust.
    """
    CheckpointLoader.register_scheme(prefixes='', loader=_load_local_checkpoint,
                                     force=True)


@dataclass
class CheckpointCoverage:
    """How a checkpoint's state_dict covers a model's (see
    :func:`checkpoint_coverage`)."""
    missing: List[str] = field(default_factory=list)
    unexpected: List[str] = field(default_factory=list)
    mismatched: List[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every key of the model is loaded with its shape."""
        return not (self.missing or self.mismatched)

    def describe(self, max_keys: int = 10) -> str:
        lines = []
        for name, keys in (('missing from the checkpoint', self.missing),
                           ('of another shape', self.mismatched),
                           ('in the checkpoint but not in the model',
                            self.unexpected)):
            if keys:
                shown = ', '.join(keys[:max_keys])
                more = (f' ... (+{len(keys) - max_keys} more)'
                        if len(keys) > max_keys else '')
                lines.append(f'  {len(keys)} keys {name}: {shown}{more}')
        return '\n'.join(lines)


def checkpoint_coverage(model: torch.nn.Module, checkpoint: dict,
                        fresh_prefixes: Sequence[str] = (),
                        revise_keys: Sequence[Tuple[str, str]] = (
                            (r'^module\.', ''), )) -> CheckpointCoverage:
    """Compare ``checkpoint`` with ``model.state_dict()`` as mmengine's
    ``load_checkpoint`` would load it (``state_dict`` entry or the dict
    itself, ``module.`` prefixes removed). Model keys starting with one of
    ``fresh_prefixes`` may be missing."""
    state = checkpoint.get('state_dict', checkpoint)
    if not isinstance(state, dict):
        state = {}
    for pattern, repl in revise_keys:
        state = {re.sub(pattern, repl, k): v for k, v in state.items()}
    own = model.state_dict()
    report = CheckpointCoverage()
    for key, value in own.items():
        if key not in state:
            if not key.startswith(tuple(fresh_prefixes)):
                report.missing.append(key)
        elif getattr(state[key], 'shape', None) != value.shape:
            report.mismatched.append(
                f'{key} {tuple(getattr(state[key], "shape", ()))} vs '
                f'{tuple(value.shape)}')
    report.unexpected = [k for k in state if k not in own]
    return report
