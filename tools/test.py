"""Test (and evaluate) a tracker from a config.

Same interface as mmdet 3.3's ``tools/test_tracking.py``. ``--checkpoint`` is
optional for heuristic trackers (SORT, ByteTrack, OC-SORT on public
detections), which have no weights; a model with weights needs one, and the
checkpoint must load every parameter (``--allow-partial-checkpoint`` to
override).
"""
import argparse

from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from mmtrack_unsup.utils.checkpoint import check_checkpoint
from mmtrack_unsup.utils.entrypoint import (add_common_args, load_config,
                                            run_tool)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Test (and evaluate) a tracker of mmtrack_unsup')
    add_common_args(parser)
    parser.add_argument('--checkpoint', help='checkpoint file (optional)')
    parser.add_argument(
        '--show-dir',
        help='draw the tracks of every frame into WORK_DIR/TIMESTAMP/'
        'SHOW_DIR (TrackVisualizationHook)')
    return parser.parse_args()


def main():
    args = parse_args()
    # scoring the initial weights of a learned tracker is never meant
    cfg = load_config(args, require_checkpoint=True)
    cfg.load_from = args.checkpoint
    if args.checkpoint:  # cut short or not finite: stop before building
        check_checkpoint(args.checkpoint, '--checkpoint')

    if args.show_dir:
        vis_hook = cfg.default_hooks.get('visualization')
        if vis_hook is None:
            raise RuntimeError('--show-dir needs default_hooks.visualization '
                               '(TrackVisualizationHook) in the config')
        vis_hook.draw = True
        vis_hook.test_out_dir = args.show_dir

    runner = (Runner.from_cfg(cfg) if 'runner_type' not in cfg else
              RUNNERS.build(cfg))
    runner.test()


if __name__ == '__main__':
    run_tool(main)
