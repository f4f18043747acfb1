"""What tools/train.py and tools/test.py share: arguments and config set-up."""
import argparse
import copy
import os
import os.path as osp
from typing import Any, Callable, Optional

from mmengine.config import Config, DictAction

from .checkpoint import CheckpointError, load_local_checkpoints_fully
from .io import DataFormatError
from .launcher import setup_launcher

#: Set to 1 to see the traceback of an input error (for bug reports).
TRACEBACK_ENV = 'MMTRACK_UNSUP_TRACEBACK'


class ConfigOptionsAction(DictAction):
    """mmengine's ``DictAction`` (``KEY=VALUE`` pairs, lists and tuples
    parsed), except that a value which is no list, tuple or comma-separated
    list keeps its spaces. ``DictAction`` removes every space so that
    ``[1, 2]`` parses, which silently turned ``data_root='/my data/'`` into
    ``/mydata/``."""

    def __call__(self, parser, namespace, values, option_string=None):
        options = copy.copy(getattr(namespace, self.dest, None) or {})
        for item in values or []:
            if '=' not in item:
                parser.error(f'{option_string}: expected KEY=VALUE, got '
                             f'{item!r}')
            key, value = item.split('=', 1)
            plain = value.strip()
            if ' ' in plain and not any(c in plain for c in '[(,'):
                options[key] = plain.strip('\'"')  # a path, a name
            else:
                options[key] = self._parse_iterable(value)
        setattr(namespace, self.dest, options)


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """Config path, ``--work-dir``, ``--cfg-options``, ``--launcher``."""
    parser.add_argument('config', help='config file path')
    parser.add_argument('--work-dir', help='folder for logs, checkpoints and '
                        'metrics (default: ./work_dirs/CONFIG_NAME)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=ConfigOptionsAction,
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


def add_detector_args(parser: argparse.ArgumentParser,
                      file_help: str) -> None:
    """Where a user's video gets its detections (see
    :mod:`mmtrack_unsup.datasets.video`)."""
    group = parser.add_argument_group('detections')
    group.add_argument(
        '--detector', choices=['hog', 'mmdet', 'mot'],
        help="'hog': OpenCV's built-in people detector (no weights needed; "
        "upright walking people only); 'mmdet': an mmdet detector "
        "(--det-config, --det-checkpoint); 'mot': detections in the "
        'MOTChallenge text format (--det-file). Default: hog')
    group.add_argument('--det-config', help='mmdet detector config')
    group.add_argument('--det-checkpoint', help='mmdet detector weights')
    group.add_argument('--det-classes', nargs='+', metavar='NAME',
                       help='keep these classes of the mmdet detector '
                       '(e.g. person)')
    group.add_argument('--det-score-thr', type=float, default=0.0,
                       help='drop mmdet detections below this')
    group.add_argument('--det-file', help=file_help)
    group.add_argument('--hog-min-person-height', type=float,
                       metavar='PIXELS',
                       help='HOG: height of the smallest person to find; '
                       'frames are upscaled so that such a person fills '
                       'the detector\'s window (default: 1/8 of the frame '
                       'height)')
    group.add_argument('--hog-upscale', type=float,
                       help='HOG: resize every frame by this before '
                       'detecting, instead of --hog-min-person-height')
    group.add_argument('--hog-box', choices=['person', 'window'],
                       default='person',
                       help="HOG: 'person' (default): the box of the person "
                       "inside each detection window; 'window': the 64x128 "
                       'window itself, as before')


def hog_spec(args: argparse.Namespace) -> dict:
    """The HOG detector spec of :func:`add_detector_args`' options."""
    spec = dict(kind='hog', box=args.hog_box)
    if args.hog_upscale is not None:
        spec['upscale'] = args.hog_upscale
    if args.hog_min_person_height is not None:
        spec['min_person_height'] = args.hog_min_person_height
    return spec


def detector_spec(args: argparse.Namespace, device: str = 'cpu'
                  ) -> Optional[dict]:
    """The detector spec of :func:`detector_factory` from the arguments of
    :func:`add_detector_args`; None when no detector option was given."""
    kind = args.detector
    if kind is None:
        if args.det_file:
            kind = 'mot'
        elif args.det_config or args.det_checkpoint:
            kind = 'mmdet'
        else:
            return None
    if kind == 'hog':
        return hog_spec(args)
    if kind == 'mot':
        if not args.det_file:
            raise SystemExit('--detector mot needs --det-file')
        return dict(kind='mot', path=args.det_file)
    if not (args.det_config and args.det_checkpoint):
        raise SystemExit('--detector mmdet needs --det-config and '
                         '--det-checkpoint')
    return dict(kind='mmdet', config=args.det_config,
                checkpoint=args.det_checkpoint, classes=args.det_classes,
                score_thr=args.det_score_thr, device=device)


def run_tool(main: Callable[[], Any]) -> Any:
    """Run a tool's ``main``; bad input (:class:`DataFormatError`,
    :class:`CheckpointError`, which name the file and line or field) ends
    the tool with that one message and exit status 1 instead of a traceback
    (``MMTRACK_UNSUP_TRACEBACK=1`` shows it)."""
    try:
        return main()
    except (DataFormatError, CheckpointError) as e:
        if os.environ.get(TRACEBACK_ENV) == '1':
            raise
        raise SystemExit(f'error: {e}') from None
