"""Loading of mmengine checkpoints: full unpickling under torch >= 2.6, files
that are not complete or whose weights are not finite refused by name, and
how far a checkpoint covers a model."""
import os.path as osp
import pickle
import re
import zipfile
from dataclasses import dataclass, field
from typing import List, Sequence, Tuple

import torch
from mmengine.runner.checkpoint import CheckpointLoader


#: What :meth:`mmengine.runner.Runner.resume` reads besides the weights
#: (without ``optimizer`` a resumed run would drift from the unbroken one).
TRAINING_STATE = ('meta', 'message_hub', 'optimizer')


class CheckpointError(ValueError):
    """A checkpoint file that cannot be used; the message names the file."""


def first_nonfinite(state: dict):
    """``(key, bad values, values)`` of the first floating tensor of a
    state dict holding NaN or Inf, or None."""
    for key, value in state.items():
        if torch.is_tensor(value) and value.is_floating_point():
            bad = int((~torch.isfinite(value)).sum())
            if bad:
                return key, bad, value.numel()
    return None


def read_checkpoint(filename: str, map_location=None) -> dict:
    """``torch.load`` of a local checkpoint (full unpickling), refusing a
    file that is cut short or not a checkpoint, and weights with NaN or Inf
    (a diverged run saves them without complaint and they would be scored
    as if fine).

    Raises:
        FileNotFoundError: No such file.
        CheckpointError: Unreadable, not a dict, or not finite; the message
            names the file (and the first bad tensor).
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    try:
        checkpoint = torch.load(filename, map_location=map_location,
                                weights_only=False)
    except (EOFError, RuntimeError, pickle.UnpicklingError,
            zipfile.BadZipFile, ValueError) as e:
        raise CheckpointError(
            f'{filename} ({osp.getsize(filename)} bytes) is not a complete '
            f'checkpoint ({type(e).__name__}: {e}); a save or copy cut '
            'short leaves such a file: save or copy it again') from None
    if not isinstance(checkpoint, dict):
        raise CheckpointError(f'{filename} holds a '
                              f'{type(checkpoint).__name__}, not a '
                              'checkpoint (a dict with a state_dict)')
    state = checkpoint.get('state_dict', checkpoint)
    bad = first_nonfinite(state) if isinstance(state, dict) else None
    if bad:
        key, num_bad, num = bad
        raise CheckpointError(
            f'{filename}: the weights are not finite: {key} has {num_bad} '
            f'NaN/Inf of {num} values (the first such tensor); the run '
            'diverged before this was saved: use an earlier checkpoint')
    return checkpoint


def _load_local_checkpoint(filename: str, map_location=None):
    """mmengine's ``load_from_local`` as :func:`read_checkpoint`."""
    return read_checkpoint(filename, map_location)


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


def check_checkpoint(filename: str, flag: str, resume: bool = False) -> None:
    """Read the checkpoint an entry point is about to load and stop with a
    message naming ``flag`` (``--checkpoint``, ``--resume``, ``load_from``)
    if it cannot be used: missing, cut short, not finite, or (``resume``)
    holding no training state."""
    try:
        checkpoint = read_checkpoint(filename, map_location='cpu')
    except (CheckpointError, FileNotFoundError) as e:
        raise SystemExit(f'{flag}: {e}') from None
    missing = [key for key in TRAINING_STATE if key not in checkpoint]
    if resume and missing:
        raise SystemExit(
            f'{flag}: {filename} has weights but no training state '
            f'(no {", ".join(missing)}), so training cannot resume from it. '
            'To start a new run from these weights, pass --cfg-options '
            f'load_from={filename} without --resume')


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
