"""What one input variation of a training clip shows the tracker."""
from dataclasses import dataclass
from typing import FrozenSet, Optional


@dataclass(frozen=True)
class InputView:
    """One input variation A(D) or B(D) (Bastani et al., Sec. 4).

    Args:
        hide_visual (bool): Crops are replaced by zeros (``im = 0``).
        hide_spatial (bool): Boxes are replaced by zeros.
        recurrent (bool): Track through every frame; if False, detections of
            I0 are compared with those of In directly.
        hidden_frames (frozenset[int]): Intermediate frames whose detections
            are all removed (simulated occlusion).
        handoff (int, optional): Run I0..Ih and Ih..In separately and
            multiply the transition matrices (RNN hand-off).
    """
    hide_visual: bool = False
    hide_spatial: bool = False
    recurrent: bool = True
    hidden_frames: FrozenSet[int] = frozenset()
    handoff: Optional[int] = None
