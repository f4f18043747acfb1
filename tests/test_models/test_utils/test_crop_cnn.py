import copy

import torch

from mmtrack_unsup.models.utils import build_crop_cnn, pooled_features


def test_crop_cnn_is_the_paper_cnn_in_channels_last_layout():
    torch.manual_seed(0)
    cnn = build_crop_cnn((8, 16, 16, 16, 16, 16))
    convs = [m for m in cnn if isinstance(m, torch.nn.Conv2d)]
    assert all(c.weight.is_contiguous(memory_format=torch.channels_last)
               for c in convs)
    # the same function as the plain Sequential in the default layout
    plain = torch.nn.Sequential(*copy.deepcopy(list(cnn)))
    for p in plain.parameters():
        p.data = p.data.contiguous()
    x = torch.randn(5, 3, 64, 64)
    assert plain[0].weight.is_contiguous()
    torch.testing.assert_close(cnn(x), plain(x), rtol=1e-5, atol=1e-6)
    assert pooled_features(cnn, x).shape == (5, 16)
    # an nn.Sequential's parameter names: older checkpoints load
    assert list(cnn.state_dict()) == list(plain.state_dict())
    fresh = build_crop_cnn((8, 16, 16, 16, 16, 16))
    fresh.load_state_dict(plain.state_dict())
    torch.testing.assert_close(fresh(x), plain(x), rtol=1e-5, atol=1e-6)
    assert fresh[0].weight.is_contiguous(memory_format=torch.channels_last)


def test_crop_cnn_trains_with_gradients_equal_to_the_default_layout():
    torch.manual_seed(0)
    cnn = build_crop_cnn((8, 16, 16, 16, 16, 16))
    plain = torch.nn.Sequential(*copy.deepcopy(list(cnn)))
    for p in plain.parameters():
        p.data = p.data.contiguous()
    x = torch.randn(4, 3, 64, 64)
    cnn(x).pow(2).mean().backward()
    plain(x).pow(2).mean().backward()
    for a, b in zip(cnn.parameters(), plain.parameters()):
        torch.testing.assert_close(a.grad, b.grad, rtol=1e-4, atol=1e-6)
