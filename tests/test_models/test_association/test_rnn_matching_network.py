"""RNNMatchingNetwork at the size the configs train (Sec. 3.1)."""
import os.path as osp

import torch
from mmdet.registry import MODELS
from mmengine.config import Config

from conftest import REPO


def _default_network():
    cfg = Config.fromfile(osp.join(REPO, 'configs', '_base_', 'models',
                                   'cross-input_rnn.py'))
    torch.manual_seed(0)
    return MODELS.build(cfg.model.network)


def test_default_size_shapes_and_parameter_count():
    net = _default_network()
    convs = [m for m in net.cnn if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 6 and all(c.stride == (2, 2) for c in convs)
    # 64 -> 1 after six stride-2 convolutions: one feature vector per crop
    x = torch.randint(0, 255, (5, 3, 64, 64), dtype=torch.uint8)
    assert net.cnn(x.float() / 255 - 0.5).shape == (5, 64, 1, 1)
    visual = net.encode_crops(x)
    f_d = net.detection_features(visual, torch.rand(5, 4))
    assert f_d.shape == (5, 68)
    h, c = net.start_tracks(f_d[:3])
    assert h.shape == c.shape == (3, 64)
    scores = net.score(h.unsqueeze(0), f_d.unsqueeze(0))
    assert scores.shape == (1, 3, 5 + 1)  # absent column last
    # 4 fully connected layers on [f(t), f(d)] = 64 + 68 inputs
    linears = [m for m in net.matcher if isinstance(m, torch.nn.Linear)]
    assert [lin.in_features for lin in linears] == [132, 128, 128, 64]
    expected = (
        sum(i * o * 16 + o for i, o in zip((3, 32, 64, 64, 64, 64),
                                         (32, 64, 64, 64, 64, 64)))  # CNN
        + 4 * 64 * (68 + 64) + 2 * 4 * 64  # LSTM cell (two bias vectors)
        + 132 * 128 + 128 + 128 * 128 + 128 + 128 * 64 + 64 + 64 + 1
        + 68)  # absent embedding
    assert sum(p.numel() for p in net.parameters()) == expected


def test_scores_of_a_pair_do_not_depend_on_the_other_detections():
    """The matcher scores each (track, detection) pair on its own; only the
    softmaxes of Eq. 1 couple them."""
    net = _default_network().eval()
    f_d = net.detection_features(torch.randn(4, 64), torch.rand(4, 4))
    h, _ = net.start_tracks(f_d[:2])
    full = net.score(h, f_d)
    part = net.score(h, f_d[[0, 2]])
    assert torch.allclose(full[:, [0, 2, 4]], part, atol=1e-6)
