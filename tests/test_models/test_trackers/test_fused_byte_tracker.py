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
def test_weight_zero_is_bytetrack(cue):
    """No learned cue: the same identities as mmdet's ByteTracker, frame by
    frame, over two videos (the second resets both)."""
    model = _learned_model(cue)
    fused = FusedByteTracker(cue=cue, cue_weight=0.0, motion=dict(
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
