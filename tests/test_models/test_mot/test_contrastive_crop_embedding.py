"""ContrastiveCropEmbedding: SOLO-Track's IC, ME and cycle losses on the
detection crops of unlabeled clips train an embedding that tells the
clips' people apart across frames, without reading who is who."""
import numpy as np
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.structures import BaseDataElement

TINY = dict(type='CropEmbeddingNetwork', cnn_channels=(8, 8, 8, 8, 16),
            embed_dim=16)  # 32x32 crops: five halvings to 1x1


def _people(rng, num, size=32):
    """A random 4x4 pattern of colours per person, upsampled."""
    cells = rng.integers(0, 255, (num, 3, 4, 4))
    return np.repeat(np.repeat(cells, size // 4, 2), size // 4, 3)


def _clip(rng, people, num_frames=5, crop_frames='ends'):
    """The same people in every frame, listed in a new order each frame
    (identity is not the position), each crop with pixel noise."""
    boxes, crop_index, crops = [], [], []
    for k in range(num_frames):
        order = rng.permutation(len(people))
        boxes.append(torch.tensor(rng.uniform(0, 50, (len(people), 1)) +
                                  [0, 0, 10, 20], dtype=torch.float32))
        if crop_frames == 'all' or k in (0, num_frames - 1):
            crop_index.append(torch.arange(len(crops),
                                           len(crops) + len(people)))
            crops += [np.clip(people[i] + rng.normal(0, 8, people[i].shape),
                              0, 255) for i in order]
        else:
            crop_index.append(torch.full((len(people), ), -1))
    sample = BaseDataElement(metainfo=dict(img_shape=(100, 100)))
    sample.bboxes, sample.crop_index = boxes, crop_index
    sample.artificial = torch.zeros(len(people), dtype=torch.bool)
    return torch.tensor(np.stack(crops), dtype=torch.uint8), sample, order


def _batch(rng, num_clips=4, num_people=5, **kwargs):
    clips = [_clip(rng, _people(rng, num_people), **kwargs)[:2]
             for _ in range(num_clips)]
    inputs, samples = zip(*clips)
    return list(inputs), list(samples)


def _model(**kwargs):
    torch.manual_seed(0)
    cfg = dict(type='ContrastiveCropEmbedding', embedder=TINY,
               augment_seed=0,
               loss_ic=dict(type='InstanceContrastiveLoss',
                            lambda_contra=100.0, loss_weight=0.1),
               loss_me=dict(type='MaxEntropyLoss', loss_weight=0.1,
                            renormalise=True))
    cfg.update(kwargs)
    return MODELS.build(cfg)


def _identification(model, rng, trials=20):
    """Share of people whose nearest embedding in a later frame (other
    order, new noise) is themselves, over clips of new people."""
    model.eval()
    hits = total = 0
    with torch.no_grad():
        for _ in range(trials):
            people = _people(rng, 6)
            first = model.embed_crops(torch.tensor(
                np.clip(people + rng.normal(0, 8, people.shape), 0, 255)))
            order = rng.permutation(6)
            later = model.embed_crops(torch.tensor(np.clip(
                people[order] + rng.normal(0, 8, people.shape), 0, 255)))
            hits += int((order[(first @ later.T).argmax(1)] ==
                         np.arange(6)).sum())
            total += 6
    model.train()
    return hits / total


def test_losses_reach_every_parameter_and_fall():
    """80 Adam steps on clips of random people: every loss falls, the views
    of a detection come to be nearer their own centre than the frame's
    other people's, and new people are identified in a later frame (from
    chance, 1/6, measured 0.95)."""
    model = _model()
    rng = np.random.default_rng(0)
    assert _identification(model, np.random.default_rng(9)) < 0.4
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    history = []
    for step in range(80):
        losses = model.loss(*_batch(rng))
        total = losses['loss_ic'] + losses['loss_me'] + losses['loss_cycle']
        opt.zero_grad()
        total.backward()
        if step == 0:
            for name, p in model.embedder.named_parameters():
                assert p.grad is not None and p.grad.abs().sum() > 0, name
        opt.step()
        history.append({k: float(v.detach()) for k, v in losses.items()})

    def mean(key, steps):
        return np.mean([h[key] for h in steps])

    first, last = history[:5], history[-10:]
    assert mean('loss_cycle', last) < 0.75 * mean('loss_cycle', first)
    assert mean('loss_ic', last) < 0.6 * mean('loss_ic', first)
    assert mean('view_accuracy', last) > mean('view_accuracy', first)
    assert abs(mean('cosine_others', last)) < 0.3  # no collapse
    assert _identification(model, np.random.default_rng(9)) > 0.8


def test_cycle_reads_every_frame_with_crops():
    """With crops of every frame the cycle runs through all of them:
    putting strangers in a middle frame (frame 2 of 5) raises the cycle
    loss, even of an untrained model, whose random features still say
    that frame 2's crops resemble no one of frames 1 and 3."""
    model = _model()
    rng = np.random.default_rng(1)
    inputs, samples = _batch(rng, num_clips=2, crop_frames='all')
    base = float(model.loss(inputs, samples)['loss_cycle'])
    assert base > 0
    strangers = [x.clone() for x in inputs]
    for x, s in zip(strangers, samples):
        idx = s.crop_index[2]
        x[idx] = torch.tensor(_people(rng, len(idx)), dtype=torch.uint8)
    assert float(model.loss(strangers, samples)['loss_cycle']) > base
    # without the cycle loss nothing is computed for it
    no_cycle = _model(loss_cycle=None)
    assert 'loss_cycle' not in no_cycle.loss(inputs, samples)


def test_views_are_reproducible_from_the_checkpointed_stream():
    """The views come from (augment_seed, step), buffers of the model: two
    models at the same step give identical losses, and every call moves
    the step on."""
    rng = np.random.default_rng(2)
    batch = _batch(rng)
    a, b = _model(), _model()
    la = a.loss(*batch)
    lb = b.loss(*batch)
    assert float(la['loss_ic']) == float(lb['loss_ic'])
    assert int(a.augment_step) == 1
    assert 'augment_seed' in a.state_dict()
    assert 'augment_step' in a.state_dict()
    assert float(a.loss(*batch)['loss_ic']) != float(la['loss_ic'])


def test_batch_norm_keeps_the_start_apart():
    """Without batch normalisation a fresh CNN gives every crop nearly the
    same embedding (the collapse the option guards against)."""
    rng = np.random.default_rng(3)
    batch = _batch(rng)
    plain = _model(embedder=dict(TINY, batch_norm=False))
    normed = _model()
    assert float(plain.loss(*batch)['cosine_others']) > 0.9
    assert float(normed.loss(*batch)['cosine_others']) < 0.5


def test_refuses_artificial_detections_and_one_view():
    rng = np.random.default_rng(4)
    inputs, samples = _batch(rng)
    samples[1].artificial[0] = True
    with pytest.raises(ValueError, match='artificial=False'):
        _model().loss(inputs, samples)
    with pytest.raises(ValueError, match='num_views'):
        _model(num_views=1)
