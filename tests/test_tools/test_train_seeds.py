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


def test_seed_in_train_options_and_reused_scores(monkeypatch, tmp_path):
    """{seed} in --train-options names each seed's own file (e.g. the
    checkpoint it starts from); --reuse-scores reads a seed's score file of
    the same configs instead of scoring it again."""
    cfg = tmp_path / 'c.py'
    cfg.write_text("train_cfg = dict(max_iters=5)\n")
    commands = []

    def fake_run(cmd):
        commands.append(cmd)
        if 'train.py' in cmd[1]:
            work = cmd[cmd.index('--work-dir') + 1]
            open(osp.join(work, 'iter_5.pth'), 'w').close()
        else:
            with open(cmd[cmd.index('--out') + 1], 'w') as f:
                json.dump([dict(tracker='c', HOTA=0.4)], f)

    monkeypatch.setattr(train_seeds, '_run', fake_run)
    for seed in (0, 1):
        (tmp_path / 'w' / f'c_seed{seed}').mkdir(parents=True)
    main([str(cfg), '--seeds', '0', '1', '--work-dir', str(tmp_path / 'w'),
          '--train-options', 'load_from=base_seed{seed}.pth'])
    trains = [c for c in commands if 'train.py' in c[1]]
    assert [c[-1] for c in trains] == ['load_from=base_seed0.pth',
                                       'load_from=base_seed1.pth']
    commands.clear()
    # seed 0's scores of an earlier run are read; seed 2 is scored
    (tmp_path / 'w' / 'c_seed2').mkdir()
    seed0 = str(tmp_path / 'w' / 'c_seed0' / 'iter_5.pth')

    def earlier_scores(**row):
        with open(tmp_path / 'w' / 'eval0_seed0.json', 'w') as f:
            json.dump([dict(dict(tracker='c', HOTA=0.1, checkpoint=seed0,
                                 data_root='held/'), **row)], f)
        commands.clear()
        out = main([str(cfg), '--seeds', '0', '2', '--work-dir',
                    str(tmp_path / 'w'), '--reuse-scores',
                    '--eval-data-roots', 'held/'])
        return out, [c[c.index('--out') + 1] for c in commands
                     if 'benchmark' in c[1]]

    out, scored = earlier_scores()
    assert len(scored) == 1 and scored[0].endswith('eval0_seed2.json')
    assert '| c | 25.0 ± 21.2 | 2 (seeds 0, 2) |' in out
    # rows of other configs, another video set or other weights are scored
    # again, never reused
    for other in (dict(tracker='other'), dict(data_root='fresh/'),
                  dict(checkpoint=seed0 + '.old'), dict(checkpoint=None)):
        out, scored = earlier_scores(**other)
        assert len(scored) == 2, other


def test_no_self_score_scores_only_the_also_configs(monkeypatch, tmp_path):
    """--no-self-score: the checkpoint is scored with the --also configs
    only, each score file in a folder of its own (seeds run in parallel)."""
    commands = []

    def fake_run(cmd):
        commands.append(cmd)
        with open(cmd[cmd.index('--out') + 1], 'w') as f:
            json.dump([dict(tracker='e', HOTA=0.4)], f)

    monkeypatch.setattr(train_seeds, '_run', fake_run)
    monkeypatch.setattr(train_seeds, 'train', lambda args, seed: 'w.pth')
    main(['c.py', '--also', 'e.py', '--no-self-score', '--seeds', '0',
          '--work-dir', str(tmp_path)])
    (cmd,) = commands
    assert 'c.py' not in cmd and 'e.py' in cmd
    assert cmd[cmd.index('--checkpoint') + 1:] == ['e=w.pth']
    assert cmd[cmd.index('--work-dir') + 1] == str(tmp_path / 'seed0')
    with pytest.raises(SystemExit):
        main(['c.py', '--no-self-score', '--work-dir', str(tmp_path)])
    # --scores-dir: the same weights scored elsewhere, their folder untouched
    main(['c.py', '--also', 'e.py', '--no-self-score', '--seeds', '0',
          '--work-dir', str(tmp_path), '--scores-dir',
          str(tmp_path / 'other')])
    cmd = commands[-1]
    assert cmd[cmd.index('--out') + 1] == str(tmp_path / 'other' /
                                              'seed0.json')


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
