"""Visual-spatial hiding (Bastani et al., Sec. 4.1)."""
from typing import Tuple

import numpy as np
from mmdet.registry import TASK_UTILS

from .input_view import InputView


@TASK_UTILS.register_module()
class VisualSpatialHiding:
    """A sees only crops, B sees only boxes.

    A has no recurrence (I0 is compared with In directly), which stops the
    visual instance from adding up background motion frame by frame; B
    tracks recurrently through every frame. Only the crops of I0 and In are
    needed (``crop_frames = 'ends'``).
    """
    crop_frames = 'ends'

    def __call__(self, num_frames: int, rng: np.random.Generator,
                 step: int = 0) -> Tuple[InputView, InputView]:
        """The same two views at every ``step``."""
        return (InputView(hide_spatial=True, recurrent=False),
                InputView(hide_visual=True, recurrent=True))
