"""Test-time adaptation (Sec. 3.5): the cycle loss adapts the named parts to
one video, and the weights are restored before the next."""
import os.path as osp
from types import SimpleNamespace

import pytest
import torch
from mmdet.registry import HOOKS, MODELS
from mmdet.structures import DetDataSample, TrackDataSample
from mmengine.config import Config

from conftest import REPO, make_solo_confident

CONFIG = osp.join(REPO, 'configs', 'solo_track',
                  'solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py')
TTA = osp.join(REPO, 'configs', '_base_', 'solo_track',
               'test_time_adaptation.py')


@pytest.fixture
def model():
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(CONFIG).model)
    model.init_weights()
    make_solo_confident(model.detector.mask_head)
    return model.eval()


def _video(seed, frames=4):
    g = torch.Generator().manual_seed(seed)
    imgs = torch.randint(0, 255, (frames, 3, 96, 160), generator=g,
                         dtype=torch.uint8)
    samples = [DetDataSample(metainfo=dict(img_shape=(96, 160),
                                           ori_shape=(96, 160), frame_id=t))
               for t in range(frames)]
    return dict(inputs=[imgs],
                data_samples=[TrackDataSample(video_data_samples=samples)])


def _features(model, batch):
    data = model.data_preprocessor(dict(batch), False)
    with torch.no_grad():
        return model.detector.mask_head(
            model.detector.extract_feat(data['inputs'][0]))[2][0]


def _hook(**kw):
    # the config's hook, with fewer and smaller steps (2 cores)
    cfg = dict(Config.fromfile(TTA).tta_hook, num_iters=2, clips_per_iter=1)
    cfg.update(kw)
    return HOOKS.build(cfg)


def _runner(model):
    return SimpleNamespace(model=model)


def test_adapts_within_the_video_and_restores_after_it(model):
    hook = _hook()
    video, other = _video(0), _video(1)
    params = dict(model.named_parameters())
    before = {n: p.detach().clone() for n, p in params.items()}
    trainable = {n: p.requires_grad for n, p in params.items()}
    plain_video, plain_other = _features(model, video), _features(model,
                                                                   other)
    runner = _runner(model)
    hook.before_test_iter(runner, 0, video)
    changed = {n for n, p in params.items() if not torch.equal(p, before[n])}
    # the backbone, FPN and video branch moved; nothing else did
    assert any(n.startswith('detector.backbone') for n in changed)
    assert any(n.startswith('detector.neck') for n in changed)
    assert any(n.startswith('detector.mask_head.conv_video_embed')
               for n in changed)
    assert all(n.startswith(hook.update) for n in changed)
    assert not torch.allclose(_features(model, video), plain_video)
    hook.after_test_iter(runner, 0, video)
    for n, p in params.items():
        assert torch.equal(p, before[n]), n
        assert p.requires_grad == trainable[n], n
    # the next video sees the trained model, not the adapted one
    assert torch.equal(_features(model, other), plain_other)
    assert all(p.grad is None for p in params.values())


def test_repeatable_and_seeded_per_video(model):
    hook = _hook()
    runner = _runner(model)
    params = dict(model.named_parameters())
    hook.before_test_iter(runner, 3, _video(0))
    first = {n: p.detach().clone() for n, p in params.items()}
    hook.after_test_iter(runner, 3, _video(0))
    hook.before_test_iter(runner, 3, _video(0))
    assert all(torch.equal(p, first[n]) for n, p in params.items())
    hook.after_test_iter(runner, 3, _video(0))


def test_only_in_test_unless_asked(model):
    hook = _hook()
    runner = _runner(model)
    before = [p.detach().clone() for p in model.parameters()]
    hook.before_val_iter(runner, 0, _video(0))
    assert all(torch.equal(a, b) for a, b in zip(before,
                                                 model.parameters()))
    hook = _hook(in_val=True)
    hook.before_val_iter(runner, 0, _video(0))
    assert not all(torch.equal(a, b) for a, b in zip(before,
                                                     model.parameters()))
    hook.after_val_iter(runner, 0, _video(0))
    assert all(torch.equal(a, b) for a, b in zip(before,
                                                 model.parameters()))


def test_refusals(model):
    with pytest.raises(ValueError, match='no parameter'):
        _hook(update=('detector.nothing', )).before_test_iter(
            _runner(model), 0, _video(0))
    with pytest.raises(ValueError, match='num_frames'):
        _hook(num_frames=1)
    # a video shorter than a clip is left as it is
    hook = _hook(num_frames=5)
    before = [p.detach().clone() for p in model.parameters()]
    hook.before_test_iter(_runner(model), 0, _video(0, frames=3))
    assert all(torch.equal(a, b) for a, b in zip(before,
                                                 model.parameters()))


def test_online_adapts_only_on_frames_already_seen(model):
    """mode='online': before frame t is tracked, clips come from frames
    0..t only; offline reads every frame before tracking the first. The
    weights move during the video and are restored after it."""
    video = _video(0, frames=5)
    frames = model.data_preprocessor(dict(video), False)['inputs'][0]
    tracked, used = [], []
    predict, cycle_loss = model.detector.predict, model.cycle_loss

    def count_frames(*args, **kwargs):
        tracked.append(len(tracked))
        return predict(*args, **kwargs)

    def record(clips):
        # the latest frame any clip reads, as the video's frame index
        latest = max(t for clip in clips for img in clip
                     for t in range(len(frames))
                     if torch.equal(img, frames[t]))
        used.append((len(tracked), latest))
        return cycle_loss(clips)

    model.detector.predict, model.cycle_loss = count_frames, record
    before = [p.detach().clone() for p in model.parameters()]
    runner = _runner(model)
    hook = _hook(mode='online')
    hook.before_test_iter(runner, 0, video)
    assert used == []  # nothing before the first frame arrives
    with torch.no_grad():
        model.test_step(video)
    # frames 1..4 adapted (a 2-frame clip fits from frame 1), 2 steps each
    assert [frame for frame, _ in used] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert all(latest <= frame for frame, latest in used)
    assert not all(torch.equal(a, b) for a, b in zip(before,
                                                     model.parameters()))
    hook.after_test_iter(runner, 0, video)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert model.before_track_frame is None

    # offline: every step happens before frame 0, and reads later frames
    used.clear()
    tracked.clear()
    hook = _hook()
    hook.before_test_iter(runner, 0, video)
    assert [frame for frame, _ in used] == [0, 0]
    assert max(latest for _, latest in used) > 0
    hook.after_test_iter(runner, 0, video)
    with pytest.raises(ValueError, match='mode'):
        _hook(mode='causal')
    # a model that never calls back would silently not adapt: refused
    with pytest.raises(ValueError, match='before_track_frame'):
        _hook(mode='online').before_test_iter(
            _runner(model.detector), 0, video)
