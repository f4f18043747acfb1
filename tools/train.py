"""Train a model of mmtrack_unsup (or any mmdet model) from a config.

Same interface as mmdet 3.3's ``tools/train.py``; distributed runs go through
``tools/dist_train.sh CONFIG NUM_PROCS``, on GPUs (nccl) or CPUs (gloo).
"""
import argparse
import os.path as osp

from mmengine.registry import RUNNERS
from mmengine.runner import Runner, find_latest_checkpoint

from mmtrack_unsup.datasets.split_check import training_on_evaluation_split
from mmtrack_unsup.utils.checkpoint import check_checkpoint
from mmtrack_unsup.utils.entrypoint import (add_common_args, load_config,
                                            run_tool)

LATEST = '<latest>'  # --resume without a path


def latest_checkpoint(work_dir: str) -> str:
    """The checkpoint ``--resume`` continues from; finding none is an error
    (a mistyped --work-dir would otherwise train from scratch)."""
    path = find_latest_checkpoint(work_dir) if osp.isdir(work_dir) else None
    if path is None or not osp.isfile(path):
        raise SystemExit(
            f'--resume: no checkpoint to resume in {work_dir} (no '
            'last_checkpoint file naming an existing checkpoint). Check '
            '--work-dir, give the checkpoint path, or use --resume auto to '
            'start afresh when there is none.')
    return path


def parse_args():
    parser = argparse.ArgumentParser(
        description='Train a tracker/detector of mmtrack_unsup')
    add_common_args(parser)
    parser.add_argument(
        '--amp', action='store_true',
        help='enable automatic mixed precision training')
    parser.add_argument(
        '--auto-scale-lr', action='store_true',
        help='scale the learning rate with the total batch size')
    parser.add_argument(
        '--resume', nargs='?', type=str, const=LATEST, metavar='CHECKPOINT',
        help='resume from this checkpoint; without a path, from the latest '
        'checkpoint in the work dir, which must exist; "--resume auto" '
        'resumes if there is one and starts afresh otherwise')
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = load_config(args)

    if args.amp:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.loss_scale = 'dynamic'

    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg or \
                'base_batch_size' not in cfg.auto_scale_lr:
            raise RuntimeError('--auto-scale-lr needs auto_scale_lr with '
                               'base_batch_size in the config')
        cfg.auto_scale_lr.enable = True

    if args.resume == LATEST:
        cfg.resume = True
        cfg.load_from = latest_checkpoint(cfg.work_dir)
    elif args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise SystemExit(f'--resume {args.resume}: no such checkpoint')
        cfg.resume = True
        cfg.load_from = args.resume
    if cfg.get('load_from'):  # cut short, not finite, no training state
        check_checkpoint(cfg.load_from,
                         '--resume' if args.resume else 'load_from',
                         resume=bool(cfg.get('resume')))

    runner = (Runner.from_cfg(cfg) if 'runner_type' not in cfg else
              RUNNERS.build(cfg))
    overlap = training_on_evaluation_split(cfg)
    if overlap:
        runner.logger.warning(overlap)
    runner.train()


if __name__ == '__main__':
    run_tool(main)
