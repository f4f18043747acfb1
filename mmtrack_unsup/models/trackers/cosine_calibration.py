"""How alike one object's embeddings are on the footage being tracked,
learned online without labels: the calibration of the appearance veto of
:class:`LearnedCueMixin`."""
from collections import deque
from typing import Optional

import numpy as np


class OnlineCosineCalibration:
    """Cosines of tracks' embeddings and detections, collected online on
    one video where the motion tracker alone is sure of the match, and the
    cosine below which a pair is unlike the same object.

    Not in either paper (issue 33). How alike an object's embeddings are
    from frame to frame depends on the footage (same-object cosines one
    frame apart: about 0.99 on the synthetic tuning split, 0.98 on TUD;
    other objects: 0.84 and 0.70; ``embedding_identity.py``), so a cosine
    threshold chosen on one does not carry to the other. The matches the
    motion tracker makes without a choice (a track with one allowed
    detection that has no other allowed track) are nearly always right
    (IoU's nearest neighbour one frame apart is the same object for 99.9 %
    and 99.2 % of detections there). Their cosines are this video's own
    sample of same-object cosines, and the cosines of those tracks with the
    stage's other detections, different objects of the same frame, its
    sample of other-object cosines: labels-free, as paper B's instance
    contrast takes the other instances of an image as negatives (Fu et al.,
    Sec. 3.2).

    :meth:`threshold` is ``other + margin * (same - other)``, ``same`` and
    ``other`` the medians of the last ``window`` cosines of each kind
    (medians: unmoved by the few wrong sure matches), ``None`` until
    ``min_samples`` of each are in. ``margin`` 0 vetoes only what is less
    alike than a typical other object, 0.5 what is nearer to the other
    objects' median than to the same object's. Cosines are added whether or
    not a veto then drops the pair, so the threshold never feeds on its own
    decisions.

    Args:
        margin (float): Where the threshold lies between the two medians,
            in [0, 1].
        min_samples (int): Cosines of each kind needed before
            :meth:`threshold` answers.
        window (int): The most recent cosines kept of each kind.
    """

    def __init__(self, margin: float, min_samples: int = 30,
                 window: int = 1000) -> None:
        if not 0.0 <= margin <= 1.0:
            raise ValueError(f'margin must be in [0, 1], got {margin}')
        if min_samples < 1:
            raise ValueError(f'min_samples must be at least 1, got '
                             f'{min_samples}')
        self.margin = margin
        self.min_samples = min_samples
        self.same = deque(maxlen=window)
        self.other = deque(maxlen=window)

    def add(self, same, other=()) -> None:
        """Add cosines of sure matches (``same``) and of those tracks with
        the other detections (``other``); any arrays of floats."""
        self.same.extend(np.ravel(np.asarray(same, dtype=np.float64)))
        self.other.extend(np.ravel(np.asarray(other, dtype=np.float64)))

    def threshold(self) -> Optional[float]:
        """A cosine below this is unlike the video's same-object ones."""
        if min(len(self.same), len(self.other)) < self.min_samples:
            return None
        same = np.median(np.fromiter(self.same, dtype=np.float64))
        other = np.median(np.fromiter(self.other, dtype=np.float64))
        return float(other + self.margin * (same - other))
