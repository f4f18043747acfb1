"""FusedByteTracker: ByteTrack exactly at cue_weight=0, and the learned
cue deciding a crossing that IoU gets wrong."""
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from mmdet.models.trackers import ByteTracker
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

import mmtrack_unsup.models  # noqa: F401 (registers the models)
from mmtrack_unsup.models.association import RNNMatchingNetwork
from mmtrack_unsup.models.trackers import FusedByteTracker

BYTETRACK = dict(obj_score_thrs=dict(high=0.6, low=0.1), init_track_thr=0.7,
                 weight_iou_with_det_scores=True,
                 match_iou_thrs=dict(high=0.1, low=0.5, tentative=0.3),
                 num_frames_retain=30)


def _frame(t, boxes, scores, colours, size=64):
    s = DetDataSample()
    s.set_metainfo(dict(frame_id=t, ori_shape=(100, 200)))
    b = torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)
    crops = torch.tensor(np.asarray(colours, dtype=np.uint8).reshape(
        -1, 1, 1, 3)).expand(-1, size, size, 3).contiguous()
    s.pred_instances = InstanceData(
        bboxes=b, scores=torch.tensor(scores, dtype=torch.float32),
        labels=torch.zeros(len(b), dtype=torch.long), crops=crops)
    return s


def _scene(rng, num_frames=40):
    """Five walkers with noisy boxes, crossings, misses, low scores and
    false positives."""
    pos = rng.uniform([0, 0], [150, 50], size=(5, 2))
    vel = rng.uniform(-3, 3, size=(5, 2))
    frames = []
    for t in range(num_frames):
        pos = pos + vel
        boxes, scores, colours = [], [], []
        for k, (x, y) in enumerate(pos):
            if rng.random() < 0.15:
                continue  # missed
            jitter = rng.normal(0, 1.0, 4)
            boxes.append([x + jitter[0], y + jitter[1], x + 20 + jitter[2],
                          y + 45 + jitter[3]])
            scores.append(float(rng.choice([0.9, 0.8, 0.5, 0.3])))
            colours.append(rng.integers(0, 255, 3))
        if rng.random() < 0.3:  # false positive
            x, y = rng.uniform(0, 170), rng.uniform(0, 50)
            boxes.append([x, y, x + 20, y + 45])
            scores.append(float(rng.uniform(0.1, 0.9)))
            colours.append(rng.integers(0, 255, 3))
        frames.append((boxes, scores, colours))
    return frames


def _learned_model(cue):
    torch.manual_seed(0)
    if cue == 'embedding':
        return MODELS.build(dict(
            type='ContrastiveCropEmbedding', augment_seed=0,
            embedder=dict(type='CropEmbeddingNetwork',
                          cnn_channels=(8, 8, 8, 8, 8, 16),
                          embed_dim=16))).eval()
    return SimpleNamespace(network=RNNMatchingNetwork(box_scale=10.0))


@pytest.mark.parametrize('cue', ['visual_spatial', 'visual_only',
                                 'spatial_only', 'embedding'])
@pytest.mark.parametrize('weight', [0.0, 1e-6])
def test_weight_zero_is_bytetrack(cue, weight):
    """No learned cue: the same identities as mmdet's ByteTracker, frame by
    frame, over two videos (the second resets both). At a weight just above
    0 the fused assignment runs, and must still be ByteTrack's (its
    unmatched ends cost what ByteTrack's cost)."""
    model = _learned_model(cue)
    fused = FusedByteTracker(cue=cue, cue_weight=weight, motion=dict(
        type='KalmanFilter'), **BYTETRACK)
    byte = ByteTracker(motion=dict(type='KalmanFilter'), **BYTETRACK)
    rng = np.random.default_rng(3)
    for video in range(2):
        for t, frame in enumerate(_scene(rng)):
            ours = fused.track(_frame(t, *frame), model=model)
            theirs = byte.track(_frame(t, *frame))
            assert ours.instances_id.tolist() == \
                theirs.instances_id.tolist(), (video, t)
            assert torch.equal(ours.bboxes, theirs.bboxes)
    assert fused.num_tracks == byte.num_tracks > 5


class ColourNet(torch.nn.Module):
    """A stand-in network whose visual score is minus the colour distance of
    the crops: the learned cue knows who is who by colour alone."""
    hidden_dim = 7

    def __init__(self):
        super().__init__()
        self.absent_embedding = torch.nn.Parameter(torch.zeros(1))

    def encode_crops(self, crops):
        return crops.float().mean(dim=(2, 3)) / 255.0

    def hidden_visual_features(self, device):
        return torch.zeros(3, device=device)

    def detection_features(self, visual, boxes):
        return torch.cat([visual, boxes], -1)

    def start_tracks(self, f):
        return f, f

    def extend_tracks(self, f, state):
        return f, f

    def score(self, h, d):
        dist = (h[:, None, :3] - d[None, :, :3]).abs().sum(-1)
        absent = torch.full((len(h), 1), 1.0)
        return -20 * torch.cat([dist, absent], 1)


class ColourEmbedding(torch.nn.Module):
    """A stand-in ContrastiveCropEmbedding whose embedding is the crop's
    mean colour: red and blue are orthogonal."""

    def __init__(self):
        super().__init__()
        self.scale = torch.nn.Parameter(torch.tensor(10.0))

    def embed_crops(self, crops):
        return crops.float().mean(dim=(2, 3)) / 255.0 * self.scale


def _crossing(tracker, model):
    """Red stays left of blue for 3 frames, then the two detections swap
    places: IoU keeps the places, the colours say the people swapped."""
    red, blue = [255, 0, 0], [0, 0, 255]
    left, right = [10, 10, 30, 50], [24, 10, 44, 50]
    ids = []
    for t in range(3):
        out = tracker.track(_frame(t, [left, right], [0.9, 0.9], [red, blue],
                                   size=4), model=model)
        ids.append(out.instances_id.tolist())
    out = tracker.track(_frame(3, [right, left], [0.9, 0.9], [red, blue],
                               size=4), model=model)
    ids.append(out.instances_id.tolist())
    return ids


def test_cue_decides_a_crossing():
    model = SimpleNamespace(network=ColourNet())

    def run(**kw):
        tracker = FusedByteTracker(cue='visual_only', num_visual_samples=1,
                                   motion=dict(type='KalmanFilter'),
                                   **BYTETRACK, **kw)
        return _crossing(tracker, model)

    ids = run(cue_weight=0.5)
    assert ids[:3] == [[0, 1]] * 3
    assert ids[3] == [0, 1]  # red (now on the right) keeps red's identity
    # ByteTrack alone follows the places: the identities swap
    assert run(cue_weight=0.0)[3] == [1, 0]
    # at full weight the colours decide among the pairs ByteTrack allows
    assert run(cue_weight=1.0)[3] == [0, 1]


def test_embedding_cue_decides_a_crossing():
    """The same crossing with the embedding's transition probability (each
    track's running-mean embedding against the frame's detections)."""
    model = ColourEmbedding()

    def run(**kw):
        tracker = FusedByteTracker(cue='embedding', embed_momentum=0.5,
                                   motion=dict(type='KalmanFilter'),
                                   **BYTETRACK, **kw)
        return _crossing(tracker, model)

    assert run(cue_weight=0.5)[3] == [0, 1]
    assert run(cue_weight=0.0)[3] == [1, 0]
    # a cross-input model has no embedding: a clear error
    tracker = FusedByteTracker(cue='embedding',
                               motion=dict(type='KalmanFilter'))
    with pytest.raises(ValueError, match='embed_crops'):
        tracker.track(_frame(0, [[0, 0, 10, 10]], [0.9], [[0, 0, 0]]),
                      model=SimpleNamespace(network=ColourNet()))


def test_track_embedding_is_a_running_mean():
    """embed_momentum m: a track's embedding is (1 - m) old + m new."""
    model = ColourEmbedding()
    tracker = FusedByteTracker(cue='embedding', embed_momentum=0.25,
                               cue_weight=0.5,
                               motion=dict(type='KalmanFilter'), **BYTETRACK)
    box = [10, 10, 30, 50]
    for t, colour in enumerate([[255, 0, 0], [0, 0, 255]]):
        tracker.track(_frame(t, [box], [0.9], [colour], size=4), model=model)
    (track, ) = tracker.tracks.values()
    assert torch.allclose(track['embeds'],
                          torch.tensor([[7.5, 0.0, 2.5]]))


def test_cue_never_overrides_the_motion_gate():
    """A detection outside ByteTrack's IoU threshold is not joined to a
    track, however sure the cue is; an allowed pair is never left
    unmatched for lack of cue."""
    model = SimpleNamespace(network=ColourNet())
    red, blue = [255, 0, 0], [0, 0, 255]
    tracker = FusedByteTracker(cue='visual_only', num_visual_samples=1,
                               cue_weight=1.0,
                               motion=dict(type='KalmanFilter'), **BYTETRACK)
    for t in range(3):
        tracker.track(_frame(t, [[10, 10, 30, 50]], [0.9], [red], size=4),
                      model=model)
    # red jumps far away (IoU 0): a new identity, as in ByteTrack
    out = tracker.track(_frame(3, [[120, 10, 140, 50]], [0.9], [red],
                               size=4), model=model)
    assert out.instances_id.tolist() == [1]
    # a blue detection where red was: P(red -> blue) = 0, yet allowed
    out = tracker.track(_frame(4, [[11, 10, 31, 50]], [0.9], [blue],
                               size=4), model=model)
    assert out.instances_id.tolist() == [0]


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match='cue must be'):
        FusedByteTracker(cue='colour', motion=dict(type='KalmanFilter'))
    with pytest.raises(ValueError, match='cue_weight'):
        FusedByteTracker(cue_weight=1.5, motion=dict(type='KalmanFilter'))
    tracker = FusedByteTracker(motion=dict(type='KalmanFilter'))
    frame = _frame(0, [[0, 0, 10, 10]], [0.9], [[0, 0, 0]])
    del frame.pred_instances.crops
    with pytest.raises(KeyError, match='CropPublicDetections'):
        tracker.track(frame, model=SimpleNamespace(network=ColourNet()))
    with pytest.raises(ValueError, match='cross-input model'):
        tracker.track(frame)


def test_cue_decisions_counts_who_is_right():
    """tools/analysis_tools/cue_decisions.py on the crossing above: the cue
    changes the two decisions of the swap and is right on both (the
    colours follow the people), ByteTrack's IoU on neither."""
    import os.path as osp
    import sys
    from conftest import REPO
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from cue_decisions import CueDecisions

    model = SimpleNamespace(network=ColourNet())
    tracker = FusedByteTracker(cue='visual_only', num_visual_samples=1,
                               cue_weight=0.5,
                               motion=dict(type='KalmanFilter'), **BYTETRACK)
    probe = CueDecisions()
    probe(tracker)
    red, blue = [255, 0, 0], [0, 0, 255]
    left, right = [10, 10, 30, 50], [24, 10, 44, 50]
    for t in range(4):
        places = [left, right] if t < 3 else [right, left]
        frame = _frame(t, places, [0.9, 0.9], [red, blue], size=4)
        # ground truth: object 7 is red, object 8 is blue
        frame.gt_instances = InstanceData(
            bboxes=torch.tensor([places[0], places[1]], dtype=torch.float32),
            instances_ids=torch.tensor([7, 8]))
        tracker.track(frame, model=model)
    assert probe.counts['frames'] == 4
    assert probe.counts['changed'] == 2
    assert probe.counts['cue_right'] == 2
    assert probe.counts['bytetrack_right'] == 0
    with pytest.raises(ValueError, match='FusedByteTracker'):
        CueDecisions()(object())
    # a track that followed object 7 for three frames, then was taken over
    # by object 8 for one, still counts as 7's: giving it back is right
    from collections import Counter
    probe.followed = {0: Counter({7: 3, 8: 1}), 1: Counter({8: 2})}
    assert probe._right(0, [0, 1], 7) and not probe._right(0, [0, 1], 8)
    assert probe._right(1, [0, 1], 8)
    assert not probe._right(-1, [0, 1], 7) and probe._right(-1, [0, 1], 9)


def _reappearance(tracker, model, colour, box):
    """Red walks right 3 px a frame for 6 frames beside a standing green
    person, is hidden for 10 (its Kalman prediction walks on, 25 px past
    where it was last seen), then ``colour`` is detected at ``box``; the
    identity given to it (red is 0, green 1)."""
    red, green = [255, 0, 0], [0, 255, 0]
    standing = [150, 55, 170, 95]
    for t in range(6):
        x = 10 + 3 * t
        tracker.track(_frame(t, [[x, 10, x + 20, 50], standing], [0.9, 0.9],
                             [red, green], size=4), model=model)
    for t in range(6, 16):
        tracker.track(_frame(t, [standing], [0.9], [green], size=4),
                      model=model)
    out = tracker.track(_frame(16, [box, standing], [0.9, 0.9],
                               [colour, green], size=4), model=model)
    ids = {tuple(b): int(i) for b, i in zip(out.bboxes.round().int().tolist(),
                                            out.instances_id)}
    assert ids.pop(tuple(standing)) == 1
    (identity, ) = ids.values()
    return identity


def test_reid_rejoins_a_track_inside_its_kalman_gate():
    """A person who stopped while hidden reappears behind their Kalman
    prediction (IoU 0): ByteTrack opens a new identity; the embedding's
    re-identification gives back the old one, but not to another colour
    and not outside the Kalman gate."""
    model = ColourEmbedding()
    red, blue = [255, 0, 0], [0, 0, 255]
    stopped = [25, 10, 45, 50]  # where red was last seen

    def run(colour, box, **kw):
        tracker = FusedByteTracker(cue='embedding', cue_weight=0.5,
                                   motion=dict(type='KalmanFilter'),
                                   **BYTETRACK, **kw)
        return _reappearance(tracker, model, colour, box)

    assert run(red, stopped) == 2  # motion alone: a new identity
    assert run(red, stopped, reid_cosine_thr=0.8) == 0
    assert run(blue, stopped, reid_cosine_thr=0.8) == 2
    far = [25, 200, 45, 240]  # 190 px below: outside the gate
    assert run(red, far, reid_cosine_thr=0.8) == 2
    with pytest.raises(ValueError, match='reid_cosine_thr'):
        FusedByteTracker(cue='visual_only', reid_cosine_thr=0.8,
                         motion=dict(type='KalmanFilter'))


@pytest.mark.parametrize('limit', [0.9, 0.7, 0.5])
def test_fused_assignment_tends_to_the_motion_trackers(limit):
    """At a tiny cue weight, the fused assignment is lapjv's on the motion
    cost alone, including which pairs it leaves unmatched: e.g. costs 0.0
    (A, 1), 0.3 (A, 2) and 0.3 (B, 1) under limit 0.5 leave B and 2
    unmatched, as ByteTrack does (an earlier form scaled the pairs but not
    the unmatched ends and matched both)."""
    import lap
    tracker = FusedByteTracker(cue='embedding', cue_weight=1e-9,
                               motion=dict(type='KalmanFilter'))
    rng = np.random.default_rng(0)
    cases = [torch.tensor([[0.0, 0.3], [0.3, 0.9]]) * limit / 0.5]
    cases += [torch.rand(int(rng.integers(1, 7)), int(rng.integers(1, 7)),
                         generator=torch.Generator().manual_seed(k))
              for k in range(200)]
    for cost in cases:
        allowed = cost < limit
        probs = torch.rand(cost.shape)
        _, row, col = lap.lapjv(
            torch.where(allowed, cost, torch.full_like(cost, 1e6)).numpy(),
            extend_cost=True, cost_limit=limit)
        ours = tracker._fused_assignment(cost, allowed, probs, limit)
        np.testing.assert_array_equal(ours[0], row)
        np.testing.assert_array_equal(ours[1], col)


class VectorEmbedding(torch.nn.Module):
    """Embeds a crop as a fixed vector chosen by its red value."""

    def __init__(self):
        super().__init__()
        self.unused = torch.nn.Parameter(torch.zeros(1))  # gives the device

    def embed_crops(self, crops):
        table = {255: [1.0, 0.0], 128: [0.5, 0.0], 0: [3.0, 3.0]}
        return torch.tensor([table[int(c[0, 0, 0])] for c in crops])


@pytest.mark.parametrize('similarity,chosen', [('dot', 1), ('cosine', 0)])
def test_embed_similarity(similarity, chosen):
    """A track embedded (1, 0) against a faint detection of the same
    direction (0.5, 0) and a long one of another (3, 3): the dot product
    prefers the long one, the cosine the same direction."""
    tracker = FusedByteTracker(cue='embedding', cue_weight=0.5,
                               embed_similarity=similarity,
                               embed_temperature=0.1,
                               motion=dict(type='KalmanFilter'), **BYTETRACK)
    model = VectorEmbedding()
    tracker.track(_frame(0, [[10, 10, 30, 50]], [0.9], [[255, 0, 0]],
                         size=4), model=model)
    frame = _frame(1, [[10, 10, 30, 50], [60, 10, 80, 50]], [0.9, 0.9],
                   [[128, 0, 0], [0, 0, 255]], size=4)
    cues = tracker._embedding_cues(model, frame.pred_instances)
    assert int(cues['probs'].argmax()) == chosen
    with pytest.raises(ValueError, match='embed_similarity'):
        FusedByteTracker(cue='embedding', embed_similarity='l2',
                         motion=dict(type='KalmanFilter'))
