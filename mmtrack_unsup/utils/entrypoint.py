"""What tools/train.py and tools/test.py share: arguments and config set-up."""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction

from .checkpoint import load_local_checkpoints_fully
from .launcher import setup_launcher


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """Config path, ``--work-dir``, ``--cfg-options``, ``--launcher``."""
    parser.add_argument('config', help='config file path')
    parser.add_argument('--work-dir', help='folder for logs, checkpoints and '
                        'metrics (default: ./work_dirs/CONFIG_NAME)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, xxx=yyy (e.g. '
        'train_cfg.max_iters=100 model.tracker.obj_score_thr=0.4)')
    parser.add_argument(
        '--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none', help='job launcher')
    parser.add_argument('--local-rank', '--local_rank', type=int, default=0)
    parser.add_argument(
        '--allow-partial-checkpoint', action='store_true',
        help='load a checkpoint that leaves parameters of the model '
        'unloaded (they keep their initialisation) instead of stopping')


def add_checkpoint_coverage(cfg: Config, allow_partial: bool = False,
                            require_checkpoint: bool = False) -> None:
    """Make the run refuse a checkpoint that leaves part of the model
    unloaded (:class:`CheckpointCoverageHook`). A hook the config already
    lists keeps its ``fresh_prefixes``; the flags are set on it."""
    hooks = list(cfg.get('custom_hooks', None) or [])
    for hook in hooks:
        if hook.get('type') == 'CheckpointCoverageHook':
            break
    else:
        hook = dict(type='CheckpointCoverageHook')
        hooks.append(hook)
    hook['allow_partial'] = allow_partial or hook.get('allow_partial', False)
    hook['require_checkpoint'] = require_checkpoint
    cfg.custom_hooks = hooks


def load_config(args: argparse.Namespace,
                require_checkpoint: bool = False) -> Config:
    """Read ``args.config`` with its overrides and prepare the run: launcher
    (gloo without CUDA), checkpoint loading and its coverage check, default
    work dir."""
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    setup_launcher(cfg, args.launcher)
    load_local_checkpoints_fully()
    add_checkpoint_coverage(cfg, args.allow_partial_checkpoint,
                            require_checkpoint)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    return cfg
