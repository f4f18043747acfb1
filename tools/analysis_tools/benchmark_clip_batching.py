r"""Training speed of cross-input consistency versus clips per step.

The paper trains one sequence per step; CrossInputConsistency also batches
several clips (padding + masks). This measures clips per second of a full
training step (forward, backward, Adam) for several batch sizes on the same
clips, and prints a table.

Example:
    python tools/analysis_tools/benchmark_clip_batching.py \
        configs/cross_input/cross-input_visual-spatial_1xb8-2k_synthetic.py \
        --batch-sizes 1 2 4 8 16 --clips 64
"""
import argparse
import time

import numpy as np
import torch
from mmdet.registry import DATASETS, MODELS
from mmengine.config import Config
from mmengine.registry import init_default_scope


def profile_steps(step, batches, top: int):
    """The ``top`` operators by self CPU time over one pass of ``step``
    through ``batches``, each as (name, share of the pass' wall time), then
    ('all torch operators', share): the rest is Python and scipy (the
    Hungarian matching), which the profiler does not see as operators."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        for batch in batches:
            step(batch)
        wall_us = (time.perf_counter() - start) * 1e6
    events = [e for e in prof.key_averages() if e.self_cpu_time_total > 0]
    total = sum(e.self_cpu_time_total for e in events)
    events.sort(key=lambda e: e.self_cpu_time_total, reverse=True)
    return [(e.key, e.self_cpu_time_total / wall_us)
            for e in events[:top]] + [('all torch operators',
                                       total / wall_us)]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('config')
    parser.add_argument('--batch-sizes', type=int, nargs='+',
                        default=[1, 2, 4, 8, 16])
    parser.add_argument('--clips', type=int, default=64,
                        help='clips timed per batch size')
    parser.add_argument('--data-root', help='override the training data root')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--profile', type=int, default=0, metavar='N',
                        help='after timing, run each batch size once more '
                        'under torch.profiler and print its N operators '
                        'with the most self CPU time (share of the '
                        'profiled pass\' wall time)')
    args = parser.parse_args(argv)

    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'mmdet'))
    import mmtrack_unsup  # noqa: F401 (registration)
    if args.data_root:
        cfg.train_dataloader.dataset.data_root = args.data_root
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    order = np.random.permutation(len(dataset))[:args.clips]
    clips = [dataset[int(i)] for i in order]  # identical clips for all runs
    rows, profiles = [], {}
    for bs in args.batch_sizes:
        torch.manual_seed(args.seed)
        np.random.seed(args.seed)
        model = MODELS.build(cfg.model)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        batches = [clips[i:i + bs] for i in range(0, len(clips), bs)]

        def step(batch):
            out = model.loss([c['inputs'] for c in batch],
                             [c['data_samples'] for c in batch])
            opt.zero_grad()
            out['loss_consistency'].backward()
            opt.step()

        step(batches[0])  # warm-up, not timed
        start = time.perf_counter()
        for batch in batches:
            step(batch)
        seconds = time.perf_counter() - start
        rows.append((bs, len(clips) / seconds))
        if args.profile:
            profiles[bs] = profile_steps(step, batches, args.profile)
    base = rows[0][1]
    print('| clips per step | clips / s | speed-up |')
    print('|---|---|---|')
    for bs, rate in rows:
        print(f'| {bs} | {rate:.1f} | {rate / base:.2f}x |')
    for bs, top in profiles.items():
        print(f'\n{bs} clips per step, where the time goes:\n')
        print('| operator | share of wall time |')
        print('|---|---|')
        for name, share in top:
            print(f'| {name} | {100 * share:.1f}% |')
    return rows


if __name__ == '__main__':
    main()
