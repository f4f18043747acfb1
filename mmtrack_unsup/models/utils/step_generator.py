"""Random draws of a training step that ``--resume`` reproduces."""
import numpy as np
from mmengine.dist import get_rank
from torch import Tensor


def step_generator(seed: Tensor, step: Tensor) -> np.random.Generator:
    """A generator for this step's draws, from a counter-based stream
    (``seed``, rank, ``step``); advances the ``step`` buffer in place.

    ``seed`` and ``step`` are module buffers, so they travel in every
    checkpoint and a resumed run continues the unbroken run's draws.
    Drawing from numpy's global stream instead, which the data sampler also
    uses and which ``--resume`` only replays for the data loader, made a
    resumed run drift from the unbroken one. Every rank draws its own.
    """
    rng = np.random.default_rng([int(seed), get_rank(), int(step)])
    step += 1
    return rng
