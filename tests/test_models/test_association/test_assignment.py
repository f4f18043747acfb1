import numpy as np

from mmtrack_unsup.models.association import match_tracks


def test_hungarian_prefers_unique_assignment():
    m = np.array([[0.6, 0.4, 0.0], [0.5, 0.1, 0.0]])
    rows, cols = match_tracks(m)
    assert sorted(zip(rows, cols)) == [(0, 1), (1, 0)]


def test_absent_option_and_threshold():
    m = np.array([[0.1, 0.8], [0.7, 0.1]])  # track 0 is more likely absent
    rows, cols = match_tracks(m)
    assert list(zip(rows, cols)) == [(1, 0)]
    assert len(match_tracks(m, min_prob=0.75)[0]) == 0
    assert len(match_tracks(np.zeros((2, 1)))[0]) == 0  # no detections
