r"""Train a learned tracker with several seeds and report every metric as
mean ± std over them (a single seeded run is reproducible on the same
hardware only: CPU float rounding differs between machines).

For each seed, ``tools/train.py CONFIG`` runs with ``randomness.seed=SEED``
into ``WORK_DIR/CONFIG_seedSEED`` (skipped when that folder already holds
the final checkpoint), then ``tools/benchmark_trackers.py`` scores CONFIG
and every ``--also`` config with that seed's checkpoint (configs that reuse
the weights, e.g. the spatial-only tracker). Heuristic ``--peers`` are
scored once. One table: mean ± std (sample std over seeds), and the seeds;
with ``--eval-data-roots``, one table per evaluation set, all from the same
trained checkpoints.

Example:
    python tools/analysis_tools/train_seeds.py \
        configs/cross_input/cross-input_visual-spatial_1xb8-2k_synthetic.py \
        --also configs/cross_input/cross-input_spatial-only_1xb8-2k_synthetic.py \
        --peers configs/bytetrack/bytetrack_public-det_synthetic-test.py \
        --seeds 0 1 2 --data-root data/synthetic_mot/

    # SOLO-Track: trained on the config's own images, scored on held-out
    # and on fresh video sets
    python tools/analysis_tools/train_seeds.py \
        configs/solo_track/solo-track_r18_fpn_1xb2-10k_synthetic.py \
        --seeds 0 1 2 --eval-data-roots \
        data/synthetic_vis/youtube_vis_2019/ \
        data/synthetic_vis_fresh/youtube_vis_2019/
"""
import argparse
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
from typing import Dict, List

TOOLS = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, TOOLS)
from benchmark_trackers import MOT_COLUMNS, PERCENT_FREE, VIS_COLUMNS  # noqa


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('config', help='the learned tracker to train')
    parser.add_argument('--also', nargs='+', default=[], metavar='CONFIG',
                        help='configs scored with the same checkpoint')
    parser.add_argument('--no-self-score', action='store_true',
                        help='score only the --also configs with each '
                        'checkpoint, not CONFIG\'s own tracker')
    parser.add_argument('--peers', nargs='+', default=[], metavar='CONFIG',
                        help='configs without weights, scored once')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--data-root', help='data_root of training and '
                        'evaluation (e.g. data/synthetic_mot/)')
    parser.add_argument('--eval-data-roots', nargs='+', metavar='ROOT',
                        help='score on each of these test data_roots '
                        '(one table each) instead of --data-root; training '
                        'still reads --data-root or the config\'s own')
    parser.add_argument('--work-dir', default='work_dirs/seeds')
    parser.add_argument('--scores-dir',
                        help='where the score files go (default: WORK_DIR); '
                        'another folder scores weights trained elsewhere '
                        'on another set without touching their own files')
    parser.add_argument('--train-options', nargs='+', default=[],
                        metavar='KEY=VALUE',
                        help='extra --cfg-options of the training runs; '
                        '{seed} is replaced by the seed (e.g. load_from='
                        'work_dirs/seeds/X_seed{seed}/iter_10000.pth)')
    parser.add_argument('--reuse-scores', action='store_true',
                        help='read a score file already in WORK_DIR (from '
                        'an earlier run of this command, e.g. with fewer '
                        'seeds) instead of scoring that seed again; it is '
                        'recomputed when its rows are not these configs, '
                        'this checkpoint and this evaluation set')
    args = parser.parse_args(argv)
    if args.no_self_score and not args.also:
        parser.error('--no-self-score needs --also: nothing would be scored')
    if len(args.seeds) < 2:
        print('one seed: the table has no std (3 or more seeds are needed '
              'for a result)', flush=True)
    return args


def _name(path: str) -> str:
    return osp.splitext(osp.basename(path))[0]


def _run(cmd: List[str]) -> None:
    print('+ ' + ' '.join(cmd), flush=True)
    proc = subprocess.run(cmd)
    if proc.returncode != 0:
        raise SystemExit(f'failed ({proc.returncode}): {" ".join(cmd)}')


def train(args, seed: int) -> str:
    """Train one seed (unless done); returns its final checkpoint."""
    work = osp.join(args.work_dir, f'{_name(args.config)}_seed{seed}')
    from mmengine.config import Config
    cfg = Config.fromfile(args.config)
    train_options = [o.replace('{seed}', str(seed))
                     for o in args.train_options]
    options = [f'randomness.seed={seed}', *train_options]
    if args.data_root:
        options.append(f'train_dataloader.dataset.data_root={args.data_root}')
        if cfg.get('val_dataloader'):
            options.append(
                f'val_dataloader.dataset.data_root={args.data_root}')
    # the final checkpoint's name (train_cfg may be overridden)
    cfg.merge_from_dict(dict(o.split('=', 1) for o in train_options))
    if 'max_iters' in cfg.train_cfg:
        final = osp.join(work, f'iter_{int(cfg.train_cfg.max_iters)}.pth')
    else:
        final = osp.join(work, f'epoch_{int(cfg.train_cfg.max_epochs)}.pth')
    if not osp.isfile(final):
        _run([sys.executable, osp.join(TOOLS, 'train.py'), args.config,
              '--work-dir', work, '--cfg-options', *options])
    if not osp.isfile(final):
        raise SystemExit(f'{work}: training ended without {final}')
    return final


def benchmark(args, configs: List[str], checkpoint: str, out: str,
              data_root: str = None) -> list:
    if getattr(args, 'reuse_scores', False) and osp.isfile(out):
        with open(out) as f:
            rows = json.load(f)
        # the same trackers, on the same videos, with the same weights (a
        # file scored on another set or checkpoint is scored again)
        same = (sorted(r['tracker'] for r in rows) == sorted(
            map(_name, configs)) and all(
                r.get('checkpoint') == checkpoint and
                (data_root is None or r.get('data_root') == data_root)
                for r in rows))
        if same:
            print(f'reusing {out}', flush=True)
            return rows
        print(f'{out}: its rows are other trackers, videos or weights; '
              'scoring again', flush=True)
    cmd = [sys.executable, osp.join(TOOLS, 'benchmark_trackers.py'),
           # one folder per score file: seeds may be scored in parallel
           *configs, '--work-dir', osp.splitext(out)[0],
           '--out', out]
    if checkpoint:
        cmd += ['--checkpoint'] + [f'{_name(c)}={checkpoint}'
                                   for c in configs]
    if data_root:
        cmd += ['--data-root', data_root]
    _run(cmd)
    with open(out) as f:
        return json.load(f)


def summarise(rows_by_seed: List[list]) -> Dict[str, Dict[str, list]]:
    """``{tracker: {column: [value per seed]}}`` (column order kept)."""
    out: Dict[str, Dict[str, list]] = {}
    for rows in rows_by_seed:
        for row in rows:
            cols = out.setdefault(row['tracker'], {})
            for col in list(MOT_COLUMNS) + list(VIS_COLUMNS):
                if col in row:
                    cols.setdefault(col, []).append(row[col])
    return out


def format_cell(col: str, values: list) -> str:
    scale = 1 if col in PERCENT_FREE else 100
    vals = [scale * v for v in values]
    fmt = '{:.0f}' if col in PERCENT_FREE else '{:.1f}'
    if len(vals) == 1:
        return fmt.format(vals[0])
    return (fmt.format(statistics.mean(vals)) + ' ± ' +
            fmt.format(statistics.stdev(vals)))


def format_table(summary: Dict[str, Dict[str, list]], seeds) -> str:
    columns = [c for c in list(MOT_COLUMNS) + list(VIS_COLUMNS)
               if any(c in cols for cols in summary.values())]
    lines = ['| Tracker | ' + ' | '.join(columns) + ' | runs |',
             '|' + '---|' * (len(columns) + 2)]
    for tracker, cols in summary.items():
        runs = len(next(iter(cols.values()), []))
        lines.append('| ' + ' | '.join(
            [tracker] + [format_cell(c, cols[c]) if c in cols else '-'
                         for c in columns] +
            [f'{runs} (seeds {", ".join(map(str, seeds))})' if runs > 1
             else '1']) + ' |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    checkpoints = {seed: train(args, seed) for seed in args.seeds}
    roots = args.eval_data_roots or [args.data_root]
    scores_dir = args.scores_dir or args.work_dir
    os.makedirs(scores_dir, exist_ok=True)
    tables = []
    for i, root in enumerate(roots):
        tag = f'eval{i}_' if args.eval_data_roots else ''
        rows_by_seed = []
        if args.peers:
            rows_by_seed.append(benchmark(
                args, args.peers, None,
                osp.join(scores_dir, f'{tag}peers.json'), root))
        for seed, ckpt in checkpoints.items():
            scored = ([] if args.no_self_score else [args.config])
            rows_by_seed.append(benchmark(
                args, scored + args.also, ckpt,
                osp.join(scores_dir, f'{tag}seed{seed}.json'), root))
        table = format_table(summarise(rows_by_seed), args.seeds)
        if args.eval_data_roots:
            table = f'{root}\n\n{table}'
        tables.append(table)
    print('\n' + '\n\n'.join(tables))
    return '\n\n'.join(tables)


if __name__ == '__main__':
    main()
