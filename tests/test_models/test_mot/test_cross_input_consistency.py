import numpy as np
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.structures import BaseDataElement

TINY_NET = dict(type='RNNMatchingNetwork', crop_size=64,
                cnn_channels=(8, 8, 8, 8, 8, 16), hidden_dim=16,
                matcher_channels=(32, 32, 16))


def _clip(num_frames=6, num_objects=3, seed=0, crop_frames='ends',
          num_artificial=2):
    """Objects moving right at 3 px/frame with a fixed colour each; crops
    of I0 and In (or all frames) and artificial detections at In."""
    rng = np.random.default_rng(seed)
    starts = rng.uniform(0, 60, (num_objects, 2))
    colours = rng.integers(0, 255, (num_objects, 3))
    boxes, crop_index, crops = [], [], []
    for k in range(num_frames):
        b = np.concatenate([starts + [3 * k, 0], starts + [3 * k + 10, 20]],
                           1)
        boxes.append(torch.tensor(b, dtype=torch.float32))
        if crop_frames == 'all' or k in (0, num_frames - 1):
            crop_index.append(torch.arange(len(crops),
                                           len(crops) + num_objects))
            crops += [np.full((3, 64, 64), c[:, None, None]) for c in colours]
        else:
            crop_index.append(torch.full((num_objects, ), -1))
    # artificial: last-frame boxes with crops of unrelated objects
    boxes[-1] = torch.cat([boxes[-1], boxes[-1][:num_artificial]])
    crop_index[-1] = torch.cat([crop_index[-1], torch.arange(
        len(crops), len(crops) + num_artificial)])
    crops += [np.full((3, 64, 64), rng.integers(0, 255, (3, 1, 1)))
              for _ in range(num_artificial)]
    sample = BaseDataElement(metainfo=dict(img_shape=(100, 100)))
    sample.bboxes, sample.crop_index = boxes, crop_index
    sample.artificial = torch.tensor([False] * num_objects +
                                     [True] * num_artificial)
    return torch.tensor(np.stack(crops), dtype=torch.uint8), sample


def _model(**kwargs):
    torch.manual_seed(0)
    return MODELS.build(dict(type='CrossInputConsistency', network=TINY_NET,
                             **kwargs))


def test_gradients_reach_cnn_lstm_and_matcher():
    model = _model()
    inputs, samples = zip(*[_clip(seed=s) for s in range(2)])
    losses = model.loss(list(inputs), list(samples))
    losses['loss_consistency'].backward()
    net = model.network
    # every parameter tensor of every part learns (issue 14: a sum over a
    # module passed with most of its layers cut off from the loss)
    for name, module in (('cnn', net.cnn), ('lstm', net.lstm),
                         ('matcher', net.matcher)):
        for pname, p in module.named_parameters():
            assert p.grad is not None and p.grad.abs().sum() > 0, \
                f'no gradient reaches {name}.{pname}'


def test_artificial_detections_are_never_in_the_mask():
    model = _model()
    from mmtrack_unsup.models.mot.clip_batch import ClipBatch
    inputs, sample = _clip(num_objects=3, num_artificial=2)
    batch = ClipBatch([sample], [len(inputs)], 'cpu')
    (c, ) = model._spatial_masks(batch)
    assert c.shape == (3, 3 + 2 + 1)
    assert (c[:, 3:5] == 0).all() and (c[:, -1] == 1).all()
    assert torch.equal(c[:, :3], torch.eye(3))  # objects stay apart


def test_short_training_lowers_the_loss():
    model = _model()
    inputs, samples = zip(*[_clip(seed=s) for s in range(4)])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    history = []
    for _ in range(40):
        np.random.seed(0)
        loss = model.loss(list(inputs), list(samples))['loss_consistency']
        opt.zero_grad()
        loss.backward()
        opt.step()
        history.append(loss.item())
    assert np.mean(history[-5:]) < np.mean(history[:5]) - 0.1


def test_batches_of_different_clip_lengths_match_single_clips():
    model = _model()
    clips = [_clip(num_frames=6, seed=0), _clip(num_frames=4, seed=1,
                                                num_objects=2)]
    np.random.seed(0)
    batched = model.loss([c[0] for c in clips], [c[1] for c in clips])
    singles = []
    for c in clips:
        np.random.seed(0)
        singles.append(model.loss([c[0]], [c[1]]))
    # the batch mean over rows equals the row-weighted mean of the clips
    rows = torch.tensor([3.0, 2.0])
    expected = (torch.stack([s['loss_consistency'] for s in singles]) *
                rows).sum() / rows.sum()
    assert torch.allclose(batched['loss_consistency'], expected, atol=1e-5)


def test_occlusion_hiding_needs_all_crops_and_runs():
    model = _model(hiding=dict(type='OcclusionHiding'))
    with pytest.raises(RuntimeError, match="frames='all'"):
        model.loss(*[[x] for x in _clip(num_frames=8)])
    inputs, sample = _clip(num_frames=8, crop_frames='all')
    losses = model.loss([inputs], [sample])
    assert torch.isfinite(losses['loss_consistency'])


def test_training_step_reaches_the_hiding():
    """The model hands its step counter to the hiding, so the hand-off
    warm-up ends at the configured step; a model loaded from a checkpoint
    continues the count (the counter is a buffer)."""
    model = _model(hiding=dict(type='OcclusionHiding', handoff_warmup=2))
    seen = []
    draw = model.hiding.__call__

    class Spy:
        def __call__(self, num_frames, rng, step):
            views = draw(num_frames, rng, step)
            seen.append((step, views[0].handoff is None))
            return views

    model.hiding = Spy()
    inputs, sample = _clip(num_frames=8, crop_frames='all')
    for _ in range(3):
        model.loss([inputs], [sample])
    assert seen == [(0, True), (1, True), (2, False)]

    resumed = _model(hiding=dict(type='OcclusionHiding', handoff_warmup=2))
    resumed.load_state_dict(model.state_dict())
    model = resumed
    draw = model.hiding.__call__
    model.hiding = Spy()
    model.loss([inputs], [sample])
    assert seen[-1] == (3, False)


def test_hidden_frames_give_no_matches_and_no_lstm_step():
    """Frames 2 and 3 are occluded for this input: the LSTM steps on the
    other intermediate frames only (1, 4, 5, 6 of 0..7), and frame 7 is the
    end (its matrix is the output, no step)."""
    from mmtrack_unsup.models.hiding import InputView
    from mmtrack_unsup.models.mot.clip_batch import ClipBatch
    model = _model()
    inputs, sample = _clip(num_frames=8, crop_frames='all')
    batch = ClipBatch([sample], [len(inputs)], 'cpu')
    crop_feats = model.network.encode_crops(inputs)
    steps = []
    extend = model.network.extend_tracks

    def spy(update_in, state):
        steps.append(int((update_in.abs().sum(-1) > 0).sum()))
        return extend(update_in, state)

    model.network.extend_tracks = spy
    view = InputView(hidden_frames=frozenset({2, 3}))
    (m, ) = model._run_segment(batch, view, crop_feats, 0, [7])
    assert steps == [3, 3, 3, 3]  # 3 tracks matched on frames 1, 4, 5, 6
    assert m.shape == (3, 3 + 2 + 1)
    steps.clear()
    model._run_segment(batch, InputView(), crop_feats, 0, [7])
    assert len(steps) == 6


def test_view_a_reads_only_the_first_and_last_frame():
    """Visual-spatial hiding's input A compares I0 with In directly: any
    change to the intermediate frames leaves its matrix unchanged."""
    from mmtrack_unsup.models.hiding import VisualSpatialHiding
    from mmtrack_unsup.models.mot.clip_batch import ClipBatch
    model = _model()
    view_a, _ = VisualSpatialHiding()(6, np.random.default_rng(0))
    inputs, sample = _clip(num_frames=6, crop_frames='all')
    (before, ) = model._transitions(ClipBatch([sample], [6], 'cpu'), view_a,
                                    model.network.encode_crops(inputs))
    inputs = inputs.clone()
    for k in range(1, 5):  # move every intermediate box, invert its crop
        sample.bboxes[k] = sample.bboxes[k] + 40
        inputs[sample.crop_index[k]] = 255 - inputs[sample.crop_index[k]]
    (after, ) = model._transitions(ClipBatch([sample], [6], 'cpu'), view_a,
                                   model.network.encode_crops(inputs))
    assert torch.equal(before, after)
    # the recurrent input B does read them
    _, view_b = VisualSpatialHiding()(6, np.random.default_rng(0))
    inputs2, sample2 = _clip(num_frames=6, crop_frames='all')
    (b_before, ) = model._transitions(ClipBatch([sample2], [6], 'cpu'),
                                      view_b,
                                      model.network.encode_crops(inputs2))
    (b_after, ) = model._transitions(ClipBatch([sample], [6], 'cpu'),
                                     view_b,
                                     model.network.encode_crops(inputs))
    assert not torch.allclose(b_before, b_after)


class _BoxDistanceNet(torch.nn.Module):
    """f(d) = the normalised box; a track is its last box; S = -10 x L1
    distance, *absent* scores -1: every value below is computable by hand."""

    def hidden_visual_features(self, device):
        return torch.zeros(0, device=device)

    def detection_features(self, visual, boxes):
        return torch.cat([visual, boxes], -1)

    def start_tracks(self, f):
        return f, f

    def extend_tracks(self, f, state):
        return f, f

    def score(self, h, d):
        dist = (h[..., :, None, :] - d[..., None, :, :]).abs().sum(-1)
        absent = torch.full((*dist.shape[:-1], 1), -1.0)
        return torch.cat([-10 * dist, absent], -1)


def _by_hand(a, b):
    """Eq. 1 on boxes a (T, 4) -> b (N, 4), written out with numpy."""
    s = np.concatenate([-10 * np.abs(a[:, None] - b[None]).sum(-1),
                        np.full((len(a), 1), -1.0)], 1)
    rows = np.exp(s) / np.exp(s).sum(1, keepdims=True)
    cols = np.exp(s) / np.exp(s).sum(0, keepdims=True)
    return np.minimum(rows, cols)


def test_transitions_by_hand_with_and_without_handoff():
    """M(0, n) of _transitions on a 3-frame clip, against Eq. 1 and the
    hand-off product M(0, 1) M(1, 2) (Sec. 4.2) computed by hand; the two
    objects move differently, so a transposed matrix fails."""
    from mmtrack_unsup.models.hiding import InputView
    from mmtrack_unsup.models.mot.clip_batch import ClipBatch
    model = _model()
    model.network = _BoxDistanceNet()
    px = [np.array([[10, 10, 20, 30], [40, 12, 52, 36]], np.float32),
          np.array([[13, 11, 23, 31], [41, 20, 53, 44]], np.float32),
          np.array([[45, 10, 57, 34], [19, 12, 29, 32]], np.float32)]
    sample = BaseDataElement(metainfo=dict(img_shape=(100, 100)))
    sample.bboxes = [torch.tensor(b) for b in px]
    sample.crop_index = [torch.full((2, ), -1) for _ in px]
    sample.artificial = torch.tensor([False, False])
    norm = [np.stack([(b[:, 0] + b[:, 2]) / 200, (b[:, 1] + b[:, 3]) / 200,
                      (b[:, 2] - b[:, 0]) / 100, (b[:, 3] - b[:, 1]) / 100],
                     1) for b in px]
    batch = ClipBatch([sample], [0], 'cpu')
    # the hand-off: absent at 2 = absent at 1, or reached at 1 then absent
    m01, m12 = _by_hand(norm[0], norm[1]), _by_hand(norm[1], norm[2])
    expected = m01[:, :2] @ m12
    expected[:, 2] += m01[:, 2]
    (m, ) = model._transitions(batch, InputView(hide_visual=True, handoff=1),
                               None)
    np.testing.assert_allclose(m.numpy(), expected, rtol=1e-5)
    assert not np.allclose(expected[:, :2], expected[:, :2].T)
    # recurrent, no hand-off: each track steps on its frame-1 match (the
    # same object here), then meets frame 2
    (m, ) = model._transitions(batch, InputView(hide_visual=True), None)
    np.testing.assert_allclose(m.numpy(), _by_hand(norm[1], norm[2]),
                               rtol=1e-5)
    # not recurrent (input A of visual-spatial hiding): frame 0 to 2
    (m, ) = model._transitions(batch, InputView(hide_visual=True,
                                                recurrent=False), None)
    np.testing.assert_allclose(m.numpy(), _by_hand(norm[0], norm[2]),
                               rtol=1e-5)
