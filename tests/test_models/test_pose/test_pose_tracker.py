"""PoseTracker: OKS by hand, the OKS-only baseline's life cycle, and the
embedding carrying a person across a jump OKS cannot bridge."""
import math

import numpy as np
import pytest
import torch

from mmtrack_unsup.models.pose import PoseTracker, pose_oks


def test_oks_by_hand():
    """Reference b: joints (0, 0) and (10, 20), box 10 x 20, area 200;
    sigma 0.1 -> kappa^2 = 0.04. a misses the second joint by (3, 4):
    exp(-25 / (2 * 200 * 0.04)) = exp(-1.5625)."""
    b = torch.tensor([[[0.0, 0.0], [10.0, 20.0]]])
    a = torch.tensor([[[0.0, 0.0], [13.0, 24.0]]])
    both = torch.ones(1, 2)
    oks = pose_oks(a, both, b, both, [0.1, 0.1])
    assert oks.item() == pytest.approx((1 + math.exp(-1.5625)) / 2)
    # only joints visible on both sides count
    assert pose_oks(a, torch.tensor([[1, 0]]), b, both,
                    [0.1, 0.1]).item() == pytest.approx(1.0)
    assert pose_oks(a, torch.tensor([[0, 1]]), b, torch.tensor([[1, 0]]),
                    [0.1, 0.1]).item() == 0.0


def _person(x, y):
    """A 3-joint person: head, hip, foot."""
    return [[x, y], [x, y + 40], [x + 5, y + 80]]


SIGMAS = [0.1, 0.1, 0.1]


def test_oks_only_life_cycle():
    tracker = PoseTracker(SIGMAS, oks_thr=0.3, score_thr=0.2,
                          init_track_thr=0.5, num_frames_retain=2)
    high = np.full((2, 3), 0.9)

    def ids(t, people, scores=None, emb=None):
        scores = high[:len(people)] if scores is None else np.asarray(
            scores)
        return tracker.track(np.array(people, float).reshape(-1, 3, 2),
                             scores, t, emb).tolist()

    assert ids(0, [_person(10, 10), _person(200, 10)]) == [0, 1]
    # reordered and moved a little: identities follow the poses
    assert ids(1, [_person(203, 12), _person(12, 11)]) == [1, 0]
    # a low-score person is ignored; a medium one does not start a track
    assert ids(2, [_person(13, 12), _person(400, 10)],
               [[0.1] * 3, [0.3] * 3]) == [-1, -1]
    # a pose far from every track starts a new identity; 0 and 1, last
    # seen at frame 1, are gone at frame 3 (mmdet's rule: dropped when
    # frame - last seen >= num_frames_retain)
    assert ids(3, [_person(100, 100)]) == [2]
    assert sorted(tracker.ids) == [2]
    # one frame unseen is survived
    assert ids(4, []) == []
    assert ids(5, [_person(102, 101)]) == [2]
    # a new video starts over
    assert ids(0, [_person(10, 10)]) == [0]


def test_embedding_bridges_a_jump_oks_cannot():
    people = [_person(10, 10), _person(200, 10)]
    jumped = [_person(60, 10), _person(250, 10)]  # 50 px: OKS ~ 0
    emb0 = np.array([[1.0, 0.0], [0.0, 1.0]])
    ids = {}
    for name, kwargs in (('oks', {}), ('embedding', dict(
            embedding_thr=0.8, embedding_weight=0.1))):
        tracker = PoseTracker(SIGMAS, oks_thr=0.3, init_track_thr=0.5,
                              **kwargs)
        tracker.track(np.array(people, float), np.full((2, 3), 0.9), 0,
                      emb0)
        ids[name] = tracker.track(np.array(jumped, float),
                                  np.full((2, 3), 0.9), 1, emb0).tolist()
    assert ids == {'oks': [2, 3], 'embedding': [0, 1]}
    with pytest.raises(ValueError, match='embeddings'):
        PoseTracker(SIGMAS, embedding_thr=0.8).track(
            np.array(people, float), np.full((2, 3), 0.9), 0)
    with pytest.raises(ValueError, match='embedding_weight needs'):
        PoseTracker(SIGMAS, embedding_weight=0.1)


def test_collapsed_embeddings_stop_with_an_error():
    """Every person with the same embedding for collapse_frames frames in a
    row: an error, not a plausible MOTA; one frame of distinct embeddings
    resets the count, and single-person frames do not count."""
    people = np.array([_person(10, 10), _person(200, 10)], float)
    same, distinct = np.ones((2, 4)), np.eye(2, 4)
    tracker = PoseTracker(SIGMAS, embedding_thr=0.8, collapse_frames=3)
    for t, emb in enumerate([same, same, distinct, same, same]):
        tracker.track(people, np.full((2, 3), 0.9), t, emb)
    tracker.track(people[:1], np.full((1, 3), 0.9), 5, same[:1])
    with pytest.raises(RuntimeError, match='collapsed'):
        tracker.track(people, np.full((2, 3), 0.9), 6, same)
    # partial collapse: three people whose embeddings differ, but every
    # pair has cosine ~0.95 (far from the 0.9999 of exact collapse)
    three = np.array([_person(10, 10), _person(200, 10), _person(10, 200)],
                     float)
    base = np.array([1.0, 0, 0, 0])
    near = np.stack([base + 0.3 * np.eye(4)[k + 1] for k in range(3)])
    unit = near / np.linalg.norm(near, axis=1, keepdims=True)
    cos = unit @ unit.T
    assert 0.9 < cos[0, 1] < 0.99
    partial = PoseTracker(SIGMAS, embedding_thr=0.8, collapse_frames=2)
    partial.track(three, np.full((3, 3), 0.9), 0, near)
    with pytest.raises(RuntimeError, match=r'mean cosine 0\.9\d\d'):
        partial.track(three, np.full((3, 3), 0.9), 1, near)
    # distinct but not orthogonal people (cosine 0.5) never count
    spread = PoseTracker(SIGMAS, embedding_thr=0.8, collapse_frames=1)
    for t in range(3):
        spread.track(three, np.full((3, 3), 0.9), t,
                     np.array([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0.]]))
    # the OKS-only tracker never looks at embeddings
    oks = PoseTracker(SIGMAS, collapse_frames=1)
    for t in range(3):
        oks.track(people, np.full((2, 3), 0.9), t, same)
