"""Hungarian matching of tracks to detections with an *absent* option."""
from typing import Tuple

import numpy as np
from scipy.optimize import linear_sum_assignment

_FORBIDDEN = 1e6


def match_tracks(transition: np.ndarray,
                 min_prob: float = 0.0) -> Tuple[np.ndarray, np.ndarray]:
    """Minimum-cost matching on ``1 - M`` (Bastani et al., Sec. 3.1).

    Every track may also pick its own *absent* entry (the last column of M)
    at cost ``1 - M[i, absent]``, so a track is left unmatched when the model
    finds it more likely gone than matched.

    Args:
        transition (np.ndarray): ``(T, N + 1)`` transition matrix M.
        min_prob (float): Matches with ``M[i, j] <= min_prob`` are dropped.

    Returns:
        tuple[np.ndarray, np.ndarray]: Matched track and detection indices.
    """
    t, n = transition.shape[0], transition.shape[1] - 1
    if t == 0 or n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cost = np.full((t, n + t), _FORBIDDEN)
    cost[:, :n] = 1.0 - transition[:, :n]
    cost[np.arange(t), n + np.arange(t)] = 1.0 - transition[:, n]
    rows, cols = linear_sum_assignment(cost)
    keep = cols < n
    rows, cols = rows[keep], cols[keep]
    keep = transition[rows, cols] > min_prob
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64)
