"""tools/analysis_tools/embedding_identity.py: how often a crop embedding
picks the same object across frames, against IoU and mean colour."""
import os.path as osp
import sys

import numpy as np
import torch
from mmdet.registry import MODELS
from mmengine.config import Config

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
import embedding_identity  # noqa: E402

CONFIG = osp.join(REPO, 'configs', 'crop_embedding',
                  'crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py')


def _frame(ids, boxes, embeds, colours):
    return dict(ids=np.array(ids), boxes=torch.tensor(boxes, dtype=torch.float),
                embeds=torch.tensor(embeds, dtype=torch.float),
                colours=torch.tensor(colours, dtype=torch.float))


def test_choices_by_embedding_iou_and_colour():
    """Objects 1 and 2 swap places: IoU picks the place, the embedding and
    the colour the object; object 3 is not in the earlier frame."""
    earlier = _frame([1, 2], [[0, 0, 10, 10], [20, 0, 30, 10]],
                     [[1, 0], [0, 1]], [[255, 0, 0], [0, 0, 255]])
    later = _frame([2, 1, 3], [[0, 0, 10, 10], [25, 0, 35, 10],
                               [28, 0, 40, 10]],
                   [[0, 2], [3, 0], [1, 1]],
                   [[0, 0, 250], [250, 0, 0], [9, 9, 9]])
    right, overlapping, same, other = embedding_identity.choices(earlier,
                                                                 later)
    assert right['embedding'].tolist() == [True, True]
    assert right['embedding (cosine)'].tolist() == [True, True]
    assert right['mean colour'].tolist() == [True, True]
    assert right['IoU (no embedding)'].tolist() == [False, False]
    assert overlapping.tolist() == [False, True]  # 1 overlaps 3
    np.testing.assert_allclose(same, [1.0, 1.0])
    assert len(other) == 4 and other.max() < 0.8
    assert embedding_identity.choices(earlier, _frame(
        [5], [[0, 0, 1, 1]], [[1, 0]], [[0, 0, 0]])) is None


def test_runs_on_the_configs_test_split(synthetic_mot_root, tmp_path, capsys):
    """The user's config and test pipeline on real-format files, untrained
    weights: IoU is almost always right one frame apart; every choice is
    made for the same detections."""
    cfg = Config.fromfile(CONFIG)
    torch.manual_seed(0)
    ckpt = str(tmp_path / 'untrained.pth')
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()), ckpt)
    right, cosines = embedding_identity.main([
        CONFIG, '--checkpoint', ckpt, '--data-root', synthetic_mot_root + '/',
        '--gaps', '1', '5'])
    assert '| 1 | IoU (no embedding) |' in capsys.readouterr().out
    counts = {len(v) for v in right[1].values() if len(v)}
    assert len({len(right[1][(k, 'all')]) for k in (
        'embedding', 'IoU (no embedding)', 'mean colour')}) == 1
    assert max(counts) > 50
    assert np.mean(right[1][('IoU (no embedding)', 'all')]) > 0.9
    assert len(cosines[5][0]) and len(cosines[5][1])
