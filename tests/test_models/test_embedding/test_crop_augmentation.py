"""CropAugmentation: a view keeps the crop's range and content where
nothing is drawn, mirrors with a flip, zooms inside the crop, and is a
function of the generator only."""
import numpy as np
import pytest
import torch

from mmtrack_unsup.models.embedding import CropAugmentation

PLAIN = dict(brightness=0.0, contrast=0.0, colour=0.0)


def _crops(n=4, size=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, 3, size, size, generator=g) - 0.5


def test_identity_when_nothing_is_drawn():
    x = _crops()
    aug = CropAugmentation(scale=(1.0, 1.0), flip_prob=0.0, **PLAIN)
    out = aug(x, np.random.default_rng(0))
    assert torch.allclose(out, x, atol=1e-5)


def test_flip_mirrors():
    x = _crops()
    aug = CropAugmentation(scale=(1.0, 1.0), flip_prob=1.0, **PLAIN)
    out = aug(x, np.random.default_rng(0))
    assert torch.allclose(out, x.flip(-1), atol=1e-5)


def test_zoom_stays_inside_the_crop():
    """A crop with a white 8-pixel border around a black 16x16 centre
    (3/4 of it white): a half-size window anywhere inside the crop shows at
    most a corner quarter's share of white (3/4; a window reaching past the
    crop would show the border-padded white alone), and the windows move."""
    x = torch.full((64, 3, 32, 32), 0.5)
    x[:, :, 8:24, 8:24] = -0.5
    aug = CropAugmentation(scale=(0.5, 0.5), flip_prob=0.0, **PLAIN)
    out = aug(x, np.random.default_rng(1))
    assert out.shape == x.shape
    assert float(out.min()) >= -0.5 and float(out.max()) <= 0.5
    white = (out > 0).float().mean(dim=(1, 2, 3))
    assert float(white.max()) <= 0.75 + 0.02
    assert float(white.min()) < 0.4  # some windows lie mostly inside
    assert float(white.std()) > 0.05


def test_colour_changes_stay_in_range_and_vary():
    x = _crops(n=8)
    aug = CropAugmentation(scale=(1.0, 1.0), flip_prob=0.0, brightness=0.2,
                           contrast=0.3, colour=0.2)
    out = aug(x, np.random.default_rng(2))
    assert float(out.min()) >= -0.5 and float(out.max()) <= 0.5
    assert not torch.allclose(out, x, atol=1e-3)


def test_same_generator_same_views():
    x = _crops()
    aug = CropAugmentation()
    a = aug(x, np.random.default_rng(5))
    b = aug(x, np.random.default_rng(5))
    c = aug(x, np.random.default_rng(6))
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_rejects_bad_scale():
    with pytest.raises(ValueError, match='scale'):
        CropAugmentation(scale=(0.0, 1.0))
    with pytest.raises(ValueError, match='scale'):
        CropAugmentation(scale=(0.9, 0.5))
