"""Loading of mmengine checkpoints under torch >= 2.6."""
import os.path as osp

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
