"""tools/analysis_tools/train_seeds.py: mean ± std over training seeds."""
import json
import os.path as osp
import sys

import pytest
import torch

from conftest import REPO, make_synthetic_mot

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
import train_seeds  # noqa
from train_seeds import format_cell, format_table, main, summarise  # noqa


def test_mean_and_sample_std_by_hand():
    assert format_cell('HOTA', [0.5, 0.7]) == '60.0 ± 14.1'  # std 0.1414
    assert format_cell('IDSW', [10, 20, 30]) == '20 ± 10'
    assert format_cell('HOTA', [0.612]) == '61.2'
    rows = [[dict(tracker='a', HOTA=0.5, IDSW=10)],
            [dict(tracker='a', HOTA=0.7, IDSW=20)]]
    table = format_table(summarise(rows), [0, 1])
    assert table.splitlines()[-1] == ('| a | 60.0 ± 14.1 | 15 ± 7 | '
                                      '2 (seeds 0, 1) |')


def test_one_table_per_evaluation_set_from_the_same_checkpoints(
        monkeypatch, tmp_path):
    """--eval-data-roots: each seed trains once; every set scores every
    seed's checkpoint, and gets its own table."""
    trained, scored = [], []

    def fake_train(args, seed):
        trained.append(seed)
        return f'ckpt{seed}'

    def fake_benchmark(args, configs, checkpoint, out, data_root=None):
        scored.append((checkpoint, data_root, osp.basename(out)))
        hota = {'ckpt0': 0.1, 'ckpt1': 0.3}[checkpoint]
        if data_root == 'fresh/':
            hota += 0.5
        return [dict(tracker='t', HOTA=hota)]

    monkeypatch.setattr(train_seeds, 'train', fake_train)
    monkeypatch.setattr(train_seeds, 'benchmark', fake_benchmark)
    out = main(['c.py', '--seeds', '0', '1', '--eval-data-roots', 'held/',
                'fresh/', '--work-dir', str(tmp_path)])
    assert trained == [0, 1]
    assert scored == [('ckpt0', 'held/', 'eval0_seed0.json'),
                      ('ckpt1', 'held/', 'eval0_seed1.json'),
                      ('ckpt0', 'fresh/', 'eval1_seed0.json'),
                      ('ckpt1', 'fresh/', 'eval1_seed1.json')]
    held, fresh = out.split('fresh/')
    assert '| t | 20.0 ± 14.1 | 2 (seeds 0, 1) |' in held
    assert '| t | 70.0 ± 14.1 | 2 (seeds 0, 1) |' in fresh


@pytest.mark.slow
def test_two_seeds_train_apart_and_are_summarised(tmp_path):
    corpus = make_synthetic_mot(str(tmp_path / 'data'), 1, 1, 24)
    config = osp.join(REPO, 'configs', 'cross_input',
                      'cross-input_visual-spatial_1xb8-2k_synthetic.py')
    spatial = osp.join(REPO, 'configs', 'cross_input',
                       'cross-input_spatial-only_1xb8-2k_synthetic.py')
    work = str(tmp_path / 'seeds')
    options = ['train_cfg.max_iters=2', 'train_cfg.val_interval=100',
               'train_dataloader.batch_size=2',
               'train_dataloader.num_workers=0',
               'train_dataloader.persistent_workers=False',
               'train_dataloader.dataset.far_gap=5']
    table = main([config, '--also', spatial, '--seeds', '0', '1',
                  '--data-root', corpus + '/', '--work-dir', work,
                  '--train-options', *options])
    weights = [torch.load(osp.join(work, f'{osp.basename(config)[:-3]}'
                                         f'_seed{s}', 'iter_2.pth'),
                          map_location='cpu', weights_only=False)
               ['state_dict'] for s in (0, 1)]
    assert any(not torch.equal(weights[0][k], weights[1][k])
               for k in weights[0])  # the seed reached the run
    lines = table.splitlines()
    assert len(lines) == 4 and all('2 (seeds 0, 1)' in x for x in lines[2:])
    rows = json.load(open(osp.join(work, 'seed1.json')))
    assert [r['tracker'] for r in rows] == [
        'cross-input_visual-spatial_1xb8-2k_synthetic',
        'cross-input_spatial-only_1xb8-2k_synthetic']
