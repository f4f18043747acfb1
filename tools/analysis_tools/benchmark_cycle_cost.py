r"""What SOLO-Track's video branch costs (Sec. 3.4-3.5): training speed with
and without the unlabeled clips, and seconds per test video of test-time
adaptation beside plain tracking. Prints one table.

Training: ``--steps`` timed steps (forward, backward, SGD) of each training
config on batches from its own train dataloader (after 3 untimed ones), as
images/s and clips/s. Testing: for each video of the test dataloader, the
adaptation (the config's ``TestTimeAdaptationHook``) and the tracking
(``test_step``) are timed separately; the weights are restored after each.

Example (2-core CPU):
    python tools/analysis_tools/benchmark_cycle_cost.py \
        --train configs/solo_track/solo-track_r18_fpn_images-finetune-2k_synthetic.py \
        configs/solo_track/solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py \
        --tta configs/solo_track/solo-track-cycle-tta_r18_fpn_spatial-category-embedding_synthetic.py \
        --checkpoint work_dirs/seeds_st_cycle/solo-track-cycle_r18_fpn_1xb2-2k_synthetic_seed0/iter_2000.pth
"""
import argparse
import copy
import time

import torch
from mmdet.registry import HOOKS, MODELS
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import CheckpointLoader, Runner

from mmtrack_unsup.utils.checkpoint import (checkpoint_coverage,
                                            load_local_checkpoints_fully)
from mmtrack_unsup.utils.entrypoint import ConfigOptionsAction, run_tool


def _setup(path: str, options=None):
    cfg = Config.fromfile(path)
    if options:
        cfg.merge_from_dict(options)
    init_default_scope(cfg.get('default_scope', 'mmdet'))
    import mmtrack_unsup  # noqa: F401 (registration)
    return cfg


def _loader(cfg_loader):
    cfg_loader = copy.deepcopy(cfg_loader)
    cfg_loader.update(num_workers=0, persistent_workers=False)
    return Runner.build_dataloader(cfg_loader, seed=0)


def time_training(path: str, steps: int, options=None) -> dict:
    cfg = _setup(path, options)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    batches = iter(_loader(cfg.train_dataloader))
    images = clips = 0
    elapsed = 0.0
    for step in range(steps + 3):
        batch = next(batches)
        start = time.perf_counter()
        model.train_step(batch, optim)
        if step >= 3:  # warm-up untimed
            elapsed += time.perf_counter() - start
            images += sum(i.dim() == 3 for i in batch['inputs'])
            clips += sum(i.dim() == 4 for i in batch['inputs'])
    return dict(config=path, steps=steps, seconds=elapsed,
                images_per_s=images / elapsed, clips_per_s=clips / elapsed)


def time_tta(path: str, checkpoint: str, videos: int,
             options=None) -> dict:
    cfg = _setup(path, options)
    hooks = [h for h in cfg.custom_hooks
             if h['type'] == 'TestTimeAdaptationHook']
    if not hooks:
        raise SystemExit(f'{path} has no TestTimeAdaptationHook')
    hook = HOOKS.build(hooks[0])
    model = MODELS.build(cfg.model)
    load_local_checkpoints_fully()  # as tools/test.py
    state = CheckpointLoader.load_checkpoint(checkpoint, map_location='cpu')
    report = checkpoint_coverage(model, state)
    if not report.complete:
        raise SystemExit(f'{checkpoint} does not load the whole model of '
                         f'{path}:\n{report.describe()}')
    model.load_state_dict(state['state_dict'])
    model.eval()
    adapt = track = 0.0
    frames = n = 0
    for i, batch in enumerate(_loader(cfg.test_dataloader)):
        if i == videos:
            break
        start = time.perf_counter()
        hook.adapt(model, batch, i)
        middle = time.perf_counter()
        with torch.no_grad():
            model.test_step(batch)
        end = time.perf_counter()
        hook.restore(model)
        adapt += middle - start
        track += end - middle
        frames += len(batch['inputs'][0])
        n += 1
    return dict(config=path, videos=n, frames=frames, adapt_s=adapt / n,
                track_s=track / n)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('--train', nargs='+', default=[], metavar='CONFIG',
                        help='training configs to time')
    parser.add_argument('--steps', type=int, default=50)
    parser.add_argument('--tta', metavar='CONFIG',
                        help='config with a TestTimeAdaptationHook')
    parser.add_argument('--checkpoint', help='weights for --tta')
    parser.add_argument('--videos', type=int, default=10)
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='overrides applied to every config')
    args = parser.parse_args(argv)
    if args.tta and not args.checkpoint:
        parser.error('--tta needs --checkpoint')
    lines = []
    if args.train:
        lines += ['| training config | steps | images/s | clips/s | s/step |',
                  '|---|---|---|---|---|']
        for path in args.train:
            r = time_training(path, args.steps, args.cfg_options)
            lines.append(f'| {path} | {r["steps"]} | {r["images_per_s"]:.2f}'
                         f' | {r["clips_per_s"]:.2f} | '
                         f'{r["seconds"] / r["steps"]:.3f} |')
    if args.tta:
        r = time_tta(args.tta, args.checkpoint, args.videos,
                     args.cfg_options)
        lines += ['', '| test config | videos | frames/video | adaptation '
                  's/video | tracking s/video |', '|---|---|---|---|---|',
                  f'| {args.tta} | {r["videos"]} | '
                  f'{r["frames"] / r["videos"]:.1f} | {r["adapt_s"]:.2f} | '
                  f'{r["track_s"]:.2f} |']
    print('\n'.join(lines))
    return lines


if __name__ == '__main__':
    run_tool(main)
