import torch
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

from mmtrack_unsup.models.trackers import PrototypeTracker

E = 4 * torch.eye(3)  # three well-separated embeddings


def _frame(t, emb, scores=None, labels=None, boxes=None):
    n = len(emb)
    s = DetDataSample()
    s.set_metainfo(dict(frame_id=t))
    s.pred_instances = InstanceData(
        embeddings=emb,
        scores=torch.tensor(scores or [0.9] * n),
        labels=torch.tensor(labels or [0] * n),
        bboxes=boxes if boxes is not None else torch.tensor(
            [[10.0 * i, 0, 10.0 * i + 8, 8] for i in range(n)]))
    return s


def _ids(tracker, *args, **kwargs):
    return tracker.track(_frame(*args, **kwargs)).instances_id.tolist()


def test_keeps_ids_through_reordering_and_opens_new_ones():
    tracker = PrototypeTracker(match_thr=0.2)
    assert _ids(tracker, 0, E[:2]) == [0, 1]
    assert _ids(tracker, 1, E[[1, 0]]) == [1, 0]  # reordered
    # an unseen instance (orthogonal to both prototypes) gets a new id
    assert _ids(tracker, 2, E[[2, 0]]) == [2, 0]


def test_probabilities_follow_eq3_with_the_instance_itself():
    tracker = PrototypeTracker()
    p = tracker.match_probs(E[:1], E[:2])
    # returning instance: exp(16) shared by its prototype and itself
    e16 = torch.exp(torch.tensor(16.0))
    assert torch.allclose(p, torch.stack([e16, torch.tensor(1.0)])[None] /
                          (2 * e16 + 1))
    assert torch.allclose(PrototypeTracker(include_self=False).match_probs(
        E[2:], E[:2]), torch.tensor([[0.5, 0.5]]))


def test_low_scores_retention_and_momentum():
    tracker = PrototypeTracker(score_thr=0.3, init_track_thr=0.5,
                               num_frames_retain=2, momentum=0.5)
    assert _ids(tracker, 0, E[:2], scores=[0.9, 0.4]) == [0]
    _ids(tracker, 1, E[:1] * 0.5)  # prototype moves halfway
    assert torch.allclose(tracker.memo.prototypes, E[:1] * 0.75)
    assert _ids(tracker, 2, torch.zeros(0, 3)) == []  # empty frame
    assert _ids(tracker, 3, torch.zeros(0, 3)) == []
    assert tracker.empty  # not seen for 2 frames: dropped


def test_masktrack_post_processing_uses_category():
    # two identical embeddings: only the category tells them apart
    tracker = PrototypeTracker(match_thr=0.0, include_self=False,
                               post_process=dict(category=10.0))
    emb = torch.ones(2, 3)
    _ids(tracker, 0, emb, labels=[0, 1])
    assert _ids(tracker, 1, emb, labels=[1, 0]) == [1, 0]


def test_bidirectional_softmax_resists_dilution_by_many_prototypes():
    """A returning instance (logit 2 with its prototype) among 30 unrelated
    retained prototypes (logit 0): the softmax over the prototypes alone
    gives e^2 / (2 e^2 + 30) < 0.2, the bi-softmax adds the softmax over the
    frame's instances (1 for the only instance)."""
    emb = torch.zeros(1, 40)
    emb[0, 0] = 2 ** 0.5
    protos = torch.zeros(31, 40)
    protos[0, 0] = 2 ** 0.5  # the instance's own prototype: logit 2
    protos[1:, 1:31] = torch.eye(30)  # unrelated: logit 0
    e2 = torch.exp(torch.tensor(2.0))
    row = e2 / (2 * e2 + 30)
    one_way = PrototypeTracker().match_probs(emb, protos)
    assert torch.isclose(one_way[0, 0], row) and row < 0.2
    both = PrototypeTracker(bidirectional=True).match_probs(emb, protos)
    assert torch.isclose(both[0, 0], (row + 1) / 2)
    # end to end: with 30 stale tracks the instance keeps its id only with
    # the bi-softmax
    for bidirectional, expected in ((False, 31), (True, 0)):
        tracker = PrototypeTracker(match_thr=0.2, bidirectional=bidirectional)
        _ids(tracker, 0, protos)
        assert _ids(tracker, 1, emb) == [expected]


def test_min_cosine_stops_a_stale_track_taking_a_dissimilar_instance():
    """Object 0 leaves; a new, dissimilar object (cosine 0.6) arrives. The
    bi-softmax's column over the frame's one instance gives the stale
    prototype probability (e^9.6 / (e^9.6 + e^16) + 1) / 2 > 0.2 (logit
    9.6 against the instance's own 16), so the new object inherits id 0;
    min_cosine=0.7 opens a new id instead."""
    new = torch.tensor([[2.4, 3.2, 0.0]])  # |new| = 4, cosine 0.6 with E[0]
    tracker = PrototypeTracker(bidirectional=True)
    row = tracker.match_probs(new, E[:1])
    e96, e16 = torch.exp(torch.tensor(9.6)), torch.exp(torch.tensor(16.0))
    assert torch.isclose(row[0, 0], (e96 / (e96 + e16) + 1) / 2)
    for min_cosine, expected in ((None, 0), (0.7, 1)):
        tracker = PrototypeTracker(match_thr=0.2, bidirectional=True,
                                   min_cosine=min_cosine)
        _ids(tracker, 0, E[:1])
        assert _ids(tracker, 1, new) == [expected]
    # a returning instance (cosine 1) is unaffected
    tracker = PrototypeTracker(bidirectional=True, min_cosine=0.7)
    _ids(tracker, 0, E[:2])
    assert _ids(tracker, 1, E[[1, 0]]) == [1, 0]


def test_instances_without_embeddings_never_match():
    """A zero embedding has dot product 0 with every prototype: with one
    track, Eq. 3's softmax over [track, itself] gives it 1/2 >= match_thr,
    so it used to continue any track."""
    zero = torch.zeros(1, 3)
    tracker = PrototypeTracker(match_thr=0.2)
    assert _ids(tracker, 0, E[:1]) == [0]
    assert torch.allclose(tracker.match_probs(zero, E[:1]),
                          torch.tensor([[0.5]]))
    assert _ids(tracker, 1, zero) == [1]  # a new track, not track 0
    assert tracker.num_without_embedding == 1


def test_a_zero_prototype_takes_no_instance():
    tracker = PrototypeTracker(match_thr=0.1, include_self=False)
    assert _ids(tracker, 0, torch.cat([E[:1], torch.zeros(1, 3)])) == [0, 1]
    x = torch.tensor([[-0.5, 0.0, 4.0]])
    # logits [-2, 0]: the zero prototype of track 1 would win
    probs = tracker.match_probs(x, tracker.memo.prototypes)
    e2 = torch.exp(torch.tensor(-2.0))
    assert torch.allclose(probs, torch.stack([e2, torch.tensor(1.0)])[None]
                          / (1 + e2))
    assert _ids(tracker, 1, x) == [0]  # 0.119 >= 0.1, and track 1 is out
    assert tracker.num_without_embedding == 1
