"""Track life cycle of RNNTracker, driven by a deterministic network that
scores by box distance, so the state machine itself is what is tested."""
from types import SimpleNamespace

import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

from mmtrack_unsup.models.trackers import RNNTracker
from mmtrack_unsup.models.trackers.rnn_tracker import normalise_boxes


class BoxNet(torch.nn.Module):
    """f(d) = normalised box; the track state is its last box; the score is
    minus the L1 distance, *absent* scores like a distance of 0.1."""
    hidden_dim = 4

    def __init__(self):
        super().__init__()
        self.absent_embedding = torch.nn.Parameter(torch.zeros(1))

    def hidden_visual_features(self, device):
        return torch.zeros(0, device=device)

    def detection_features(self, visual, boxes):
        return torch.cat([visual, boxes], -1)

    def start_tracks(self, f):
        return f, f

    def extend_tracks(self, f, state):
        return f, f

    def score(self, h, d):
        dist = (h[:, None] - d[None]).abs().sum(-1)
        absent = torch.full((len(h), 1), 0.1)
        return -50 * torch.cat([dist, absent], 1)


def _frame(t, boxes, scores=None):
    s = DetDataSample()
    s.set_metainfo(dict(frame_id=t, ori_shape=(100, 100)))
    b = torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)
    sc = torch.tensor(scores if scores is not None else [0.9] * len(b))
    s.pred_instances = InstanceData(bboxes=b, scores=sc,
                                    labels=torch.zeros(len(b),
                                                       dtype=torch.long))
    return s


def test_life_cycle_with_empty_frames():
    model = SimpleNamespace(network=BoxNet())
    tracker = RNNTracker(mode='spatial_only', num_frames_retain=2,
                         det_score_thr=0.3, init_track_thr=0.5)
    a, b = [10, 10, 20, 20], [60, 60, 70, 70]

    def ids(t, boxes, scores=None):
        out = tracker.track(model, _frame(t, boxes, scores))
        return out.instances_id.tolist()

    assert ids(0, [a, b]) == [0, 1]
    # reordered detections keep their identities
    assert ids(1, [[62, 62, 72, 72], [12, 10, 22, 20]]) == [1, 0]
    assert ids(2, []) == []  # a frame with zero detections
    assert sorted(tracker.ids) == [0, 1]
    # b unseen since frame 1: dropped after num_frames_retain=2 frames
    assert ids(3, [[13, 10, 23, 20]]) == [0]
    assert sorted(tracker.ids) == [0]
    # b comes back too late: new identity; a low-score stray starts none
    assert ids(4, [[14, 10, 24, 20], [62, 62, 72, 72], [90, 0, 99, 9]],
               [0.9, 0.9, 0.4]) == [0, 2]
    # a new video resets the tracker
    assert ids(0, [b]) == [0]


def test_visual_mode_needs_crops():
    tracker = RNNTracker(mode='visual_spatial')
    with pytest.raises(KeyError, match='CropPublicDetections'):
        tracker.track(SimpleNamespace(network=BoxNet()),
                      _frame(0, [[0, 0, 5, 5]]))
    with pytest.raises(ValueError, match='mode must be one of'):
        RNNTracker(mode='both')


def test_normalise_boxes_by_the_frame_size():
    """(x1, y1, x2, y2) in a 200x100 frame -> centre and size over the
    frame's own width and height (Sec. 3.1), by hand."""
    out = normalise_boxes(torch.tensor([[20.0, 10.0, 60.0, 90.0],
                                        [0.0, 0.0, 200.0, 100.0]]),
                          200.0, 100.0)
    assert torch.allclose(out, torch.tensor([[0.2, 0.5, 0.2, 0.8],
                                             [0.5, 0.5, 1.0, 1.0]]))


class ColourBoxNet(BoxNet):
    """BoxNet with one visual feature, the crop's mean grey level x 10 (0
    when hidden): a black/white difference outweighs any box distance."""
    hidden_dim = 5

    def hidden_visual_features(self, device):
        return torch.zeros(1, device=device)

    def encode_crops(self, crops):
        return crops.float().mean((1, 2, 3))[:, None] / 255 * 10


def _coloured(t, boxes, greys):
    s = _frame(t, boxes)
    s.pred_instances.crops = torch.stack([
        torch.full((4, 4, 3), g, dtype=torch.uint8) for g in greys])
    return s


def test_combined_mode_steps_on_crops_and_boxes_together():
    """Two objects keep their places but swap appearance: the occlusion
    model's single input (crops + boxes) follows appearance, the boxes alone
    follow places."""
    a, b = [10, 10, 20, 20], [14, 10, 24, 20]
    ids = {}
    for mode in ('combined', 'spatial_only'):
        model = SimpleNamespace(network=ColourBoxNet())
        tracker = RNNTracker(mode=mode, init_track_thr=0.5)
        tracker.track(model, _coloured(0, [a, b], [0, 255]))
        out = tracker.track(model, _coloured(1, [a, b], [255, 0]))
        ids[mode] = out.instances_id.tolist()
    assert ids == {'combined': [1, 0], 'spatial_only': [0, 1]}
    with pytest.raises(KeyError, match='CropPublicDetections'):
        RNNTracker(mode='combined').track(
            SimpleNamespace(network=ColourBoxNet()), _frame(0, [a]))


def test_visual_only_follows_appearance_and_visual_spatial_takes_the_min(
        monkeypatch):
    """Same two frames in every mode: visual-only follows the swapped
    appearance, spatial-only the places, and the paper's tracker matches on
    M = min(A, B) of exactly those two matrices (Sec. 4.1)."""
    from mmtrack_unsup.models.trackers import rnn_tracker
    seen = {}
    real = rnn_tracker.match_tracks

    def spy(m, thr):
        seen[mode] = torch.as_tensor(m).clone()
        return real(m, thr)

    monkeypatch.setattr(rnn_tracker, 'match_tracks', spy)
    a, b = [10, 10, 20, 20], [14, 10, 24, 20]
    ids = {}
    for mode in ('visual_only', 'spatial_only', 'visual_spatial'):
        model = SimpleNamespace(network=ColourBoxNet())
        tracker = RNNTracker(mode=mode, init_track_thr=0.5)
        tracker.track(model, _coloured(0, [a, b], [0, 255]))
        out = tracker.track(model, _coloured(1, [a, b], [255, 0]))
        ids[mode] = out.instances_id.tolist()
    assert ids['visual_only'] == [1, 0] and ids['spatial_only'] == [0, 1]
    assert seen['visual_spatial'].shape == (2, 3)  # T x (N + absent)
    assert torch.equal(seen['visual_spatial'],
                       torch.minimum(seen['visual_only'],
                                     seen['spatial_only']))
    # where appearance and place disagree, neither pair is strong in both
    assert (seen['visual_spatial'][:, :2] <
            seen['spatial_only'][:, :2].max()).all()


def test_visual_scores_average_the_sampled_earlier_crops_by_hand():
    """A track's visual score is the mean over up to k of its earlier crops
    (Sec. 4.1: five); padding slots do not count. ColourBoxNet scores
    -50 |v - d| (absent -5): history v = 0, 5, 10 against d = 4 gives
    -200, -50, -300."""
    net = ColourBoxNet()
    det = torch.tensor([[4.0, 0, 0, 0, 0]])
    history = [torch.tensor([[v, 0, 0, 0, 0]]) for v in (0.0, 5.0, 10.0)]
    tracker = RNNTracker(num_visual_samples=5)
    tracker.reset()
    tracker.tracks = {0: dict(visual=history)}
    out = tracker._visual_scores(net, det)
    # all three crops, not the two zero pads (which would give -190)
    assert torch.allclose(out, torch.tensor([[-550 / 3, -5.0]]))
    tracker = RNNTracker(num_visual_samples=2, seed=3)
    tracker.reset()
    tracker.tracks = {0: dict(visual=history)}
    pairs = {-125.0, -250.0, -175.0}  # (0, 5), (0, 10), (5, 10)
    first = [tracker._visual_scores(net, det)[0, 0].item()
             for _ in range(12)]
    assert set(first) <= pairs and len(set(first)) >= 2
    tracker.reset()  # a new video: the same draws again
    tracker.tracks = {0: dict(visual=history)}
    again = [tracker._visual_scores(net, det)[0, 0].item()
             for _ in range(12)]
    assert again == first


def test_associates_with_its_own_thread_count():
    seen = []

    class Spy(BoxNet):
        def score(self, h, d):
            seen.append(torch.get_num_threads())
            return super().score(h, d)

    before = torch.get_num_threads()
    tracker = RNNTracker(mode='spatial_only', num_threads=1)
    model = SimpleNamespace(network=Spy())
    tracker.track(model, _frame(0, [[0, 0, 5, 5]]))
    tracker.track(model, _frame(1, [[1, 0, 6, 5]]))
    assert seen == [1] and torch.get_num_threads() == before


@pytest.mark.parametrize('num_tentatives', [0, 2])
def test_a_missed_tentative_track_is_deleted(num_tentatives):
    """A one-frame false positive next to a track's path: kept as a lost
    track it wins the track's next detection (it lies closer); deleted as
    a missed tentative track it cannot. A track seen in 2 frames is
    confirmed and survives a miss."""
    model = SimpleNamespace(network=BoxNet())
    tracker = RNNTracker(mode='spatial_only', num_tentatives=num_tentatives,
                         init_track_thr=0.5)

    def ids(t, boxes):
        return tracker.track(model, _frame(t, boxes)).instances_id.tolist()

    assert ids(0, [[10, 10, 20, 20]]) == [0]
    assert ids(1, [[12, 10, 22, 20], [26, 10, 36, 20]]) == [0, 1]  # FP 1
    assert ids(2, [[14, 10, 24, 20]]) == [0]  # the FP is gone
    assert sorted(tracker.ids) == ([0] if num_tentatives else [0, 1])
    assert ids(3, []) == []  # track 0 (3 frames) is missed, not deleted
    assert sorted(tracker.ids) == ([0] if num_tentatives else [0, 1])
    # the object reappears nearer to where the FP was than to track 0
    assert ids(4, [[22, 10, 32, 20]]) == ([0] if num_tentatives else [1])
