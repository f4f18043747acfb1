r"""Run several tracker configs on one dataset and print one table.

Every config is tested through mmengine's Runner exactly as ``tools/test.py``
would (same dataset, same detections, same metric); the table shows HOTA,
MOTA, IDF1, IDSW, AssA, DetA for MOT metrics, or AP, AP50, AP75, AR1, AR10
for YouTube-VIS, and the speed of the association step alone (frames per
second spent inside ``tracker.track``; data loading, detection and
evaluation excluded).

Example:
    python tools/benchmark_trackers.py \
        configs/sort/sort_public-det_synthetic-test.py \
        configs/bytetrack/bytetrack_public-det_synthetic-test.py \
        configs/ocsort/ocsort_public-det_synthetic-test.py \
        --data-root data/synthetic_mot/
"""
import argparse
import ast
import itertools
import os.path as osp
import sys
import time
from typing import Callable, List, Optional

from mmdet.structures.bbox import get_box_tensor, scale_boxes
from mmengine.config import Config
from mmengine.runner import Runner

from mmtrack_unsup.evaluation import (FRESH_IDS, oracle_identities,
                                      oracle_track_ids)
from mmtrack_unsup.utils.checkpoint import (check_checkpoint,
                                            load_local_checkpoints_fully)
from mmtrack_unsup.utils.entrypoint import (ConfigOptionsAction,
                                           add_checkpoint_coverage, run_tool)

# column -> metric name (after the metric's prefix)
MOT_COLUMNS = {c: c for c in ('HOTA', 'MOTA', 'IDF1', 'IDSW', 'AssA', 'DetA')}
VIS_COLUMNS = dict(AP='segm_mAP', AP50='segm_mAP_50', AP75='segm_mAP_75',
                   AR1='segm_AR@1', AR10='segm_AR@10')
# PoseTrack (PoseTrackMOTAMetric, prefix posetrack/): MOTA, pose AP, IDSW
POSE_COLUMNS = dict(MOTA='MOTA', AP='AP', IDSW='IDSW')
PERCENT_FREE = ('IDSW', )


class TrackTimer:
    """Wraps ``tracker.track`` to sum the time spent associating."""

    def __init__(self, tracker) -> None:
        self.seconds, self.frames = 0.0, 0
        self._track = tracker.track
        tracker.track = self

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        out = self._track(*args, **kwargs)
        self.seconds += time.perf_counter() - start
        self.frames += 1
        return out

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds else float('nan')


class OracleIdentities:
    """Wraps a model's ``test_step``: every predicted mask (VIS) or box
    (MOT) takes the identity of perfect association, the ground-truth
    object it overlaps most under its own category (:func:`oracle_track_ids`;
    duplicates of one object in a frame keep apart, as mmdet would otherwise
    keep only one of them). Scoring that separates detection errors from
    association errors: an upper bound for trackers that keep one track per
    object and category and output the same masks or boxes, so the gap from
    a tracker's row to its oracle row is what any association could still
    gain on its output."""

    def __init__(self, model) -> None:
        self._test_step = model.test_step
        model.test_step = self
        self._next_id, self._memo = FRESH_IDS, {}

    def __call__(self, data):
        outputs = self._test_step(data)
        for video in outputs:
            for k, frame in enumerate(video.video_data_samples):
                # a video's ids live across calls: MOT models are tested
                # one frame per call, VIS models one video per call
                frame_id = frame.metainfo.get('frame_id')
                if frame_id == 0 or (frame_id is None and k == 0):
                    self._next_id, self._memo = FRESH_IDS, {}
                gt, pred = frame.gt_instances, frame.pred_track_instances
                if 'masks' in pred:  # VIS
                    pred_obj = pred.masks
                    gt_obj = getattr(gt.masks, 'masks', gt.masks)
                else:  # MOT
                    pred_obj = pred.bboxes
                    gt_obj = _original_scale(gt.bboxes, frame.metainfo)
                objects, self._next_id = oracle_identities(
                    pred_obj, gt_obj, gt.instances_ids, self._next_id)
                pred.instances_id = oracle_track_ids(
                    objects, pred.labels, pred.scores, self._memo)
        return outputs


def _original_scale(gt_bboxes, metainfo: dict):
    """Ground-truth boxes in the original image, where predicted boxes
    are: a test pipeline's ``Resize`` scaled them by ``scale_factor``."""
    gt_bboxes = get_box_tensor(gt_bboxes)
    scale = metainfo.get('scale_factor')
    if scale is None:
        return gt_bboxes
    return scale_boxes(gt_bboxes, [1 / s for s in scale])


def run_config(path: str, index: int, args, oracle: bool = False,
               setting: Optional[dict] = None,
               probe: Optional[Callable] = None) -> dict:
    """Score one config (``setting``: overrides of a sweep); ``probe`` is
    called with the built tracker before the test (an analysis tool's
    instrumentation)."""
    cfg = Config.fromfile(path)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if setting:
        cfg.merge_from_dict(setting)
    if args.data_root:
        for loader in ('val_dataloader', 'test_dataloader'):
            cfg[loader].dataset.data_root = args.data_root
        if 'ann_file' in cfg.test_evaluator:  # KittiTrackingMetric
            cfg.test_evaluator.ann_file = osp.join(
                args.data_root, cfg.test_dataloader.dataset.ann_file)
    name = osp.splitext(osp.basename(path))[0]
    cfg.work_dir = osp.join(args.work_dir, name + ('_oracle' if oracle else
                                                   '') +
                            (f'_setting{index}' if setting else ''))
    cfg.load_from = args.checkpoints.get(name)
    if setting:
        name += ' [' + ', '.join(f'{k.split(".")[-1]}={v}'
                                 for k, v in setting.items()) + ']'
    add_checkpoint_coverage(cfg, args.allow_partial_checkpoint,
                            require_checkpoint=True)  # as tools/test.py
    cfg.visualizer.name = f'benchmark_visualizer_{index}'
    cfg.default_hooks.logger.interval = 10**9  # the table is the output
    runner = Runner.from_cfg(cfg)
    if probe is not None:
        probe(runner.model.tracker)
    timer = TrackTimer(runner.model.tracker)
    if oracle:
        OracleIdentities(runner.model)
        name += ' (oracle ids)'
    metrics = runner.test()
    # where the row comes from: a reused score file is checked against it
    row = dict(tracker=name, assoc_fps=timer.fps, frames=timer.frames,
               data_root=cfg.test_dataloader.dataset.get('data_root'),
               checkpoint=cfg.load_from)
    without = getattr(runner.model.tracker, 'num_without_embedding', None)
    if without is not None:  # PrototypeTracker never matches these
        row['without_embedding'] = without
    short = {key.split('/')[-1]: float(v) for key, v in metrics.items()}
    pose = any(key.startswith('posetrack/') for key in metrics)
    for columns in ((POSE_COLUMNS, ) if pose else (MOT_COLUMNS,
                                                    VIS_COLUMNS)):
        for col, metric in columns.items():
            if metric in short:
                row[col] = short[metric]
    return row


def format_table(rows) -> str:
    columns = [c for c in list(MOT_COLUMNS) + list(VIS_COLUMNS)
               if any(c in r for r in rows)]
    head = ['Tracker'] + columns + ['Assoc. FPS']
    lines = ['| ' + ' | '.join(head) + ' |',
             '|' + '---|' * len(head)]
    for r in rows:
        cells = [r['tracker']]
        for c in columns:
            v = r.get(c)
            if v is None:
                cells.append('-')
            elif c in PERCENT_FREE:
                cells.append(f'{int(v)}')
            else:
                cells.append(f'{100 * v:.1f}')
        cells.append(f'{r["assoc_fps"]:.0f}')
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def parse_args(argv=None, description: str = __doc__):
    parser = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('configs', nargs='+', help='tracker configs')
    parser.add_argument('--data-root', help='override the data_root of '
                        'every config (e.g. data/synthetic_mot/)')
    parser.add_argument('--checkpoint', nargs='+', default=[],
                        metavar='CONFIG_NAME=PATH',
                        help='weights for learned trackers')
    parser.add_argument('--allow-partial-checkpoint', action='store_true',
                        help='score a learned tracker whose checkpoint is '
                        'missing or leaves parameters unloaded')
    parser.add_argument('--work-dir', default='work_dirs/benchmark')
    parser.add_argument('--out', help='also write the rows as json here')
    parser.add_argument('--oracle-ids', action='store_true',
                        help='also score every config with ground-truth '
                        'identities given to its own masks (VIS) or boxes '
                        '(MOT): perfect association of its output, one '
                        'track per object and category')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='overrides applied to every config')
    parser.add_argument('--sweep', nargs='+', default=[],
                        metavar='KEY=V1,V2',
                        help='score every config at every combination of '
                        'these settings (for a tuning split), one row each, '
                        'e.g. model.tracker.oks_thr=0.1,0.3,0.5; '
                        'KEY1+KEY2=V1,V2 sets both keys to each value')
    args = parser.parse_args(argv)
    args.settings = sweep_settings(args.sweep, parser)
    args.checkpoints = dict(c.split('=', 1) for c in args.checkpoint)
    names = {osp.splitext(osp.basename(c))[0] for c in args.configs}
    for name, path in args.checkpoints.items():
        if name not in names:  # a typo would leave that config unloaded
            parser.error(f'--checkpoint {name}={path}: no config named '
                         f'{name} (configs: {", ".join(sorted(names))})')
        check_checkpoint(path, f'--checkpoint {name}')
    return args


def sweep_settings(items: List[str], parser) -> List[Optional[dict]]:
    """The cartesian product of ``KEY=V1,V2`` items as override dicts
    (values parsed as Python literals where they are); ``KEY1+KEY2=V1,V2``
    gives both keys the same value; ``[None]`` without items."""
    keys, values = [], []
    for item in items:
        if '=' not in item:
            parser.error(f'--sweep {item}: expected KEY=V1,V2,...')
        key, vals = item.split('=', 1)
        parsed = []
        for v in vals.split(','):
            try:
                parsed.append(ast.literal_eval(v))
            except (ValueError, SyntaxError):
                parsed.append(v)
        keys.append(key)
        values.append(parsed)
    if not keys:
        return [None]
    return [{k: v for tied, v in zip(keys, combo) for k in tied.split('+')}
            for combo in itertools.product(*values)]


def main(argv=None):
    args = parse_args(argv)
    load_local_checkpoints_fully()  # as tools/test.py
    rows = []
    runs = [(path, setting) for path in args.configs
            for setting in args.settings]
    for i, (path, setting) in enumerate(runs):
        rows.append(run_config(path, i, args, setting=setting))
        if args.oracle_ids:
            if 'AP' not in rows[-1] and 'HOTA' not in rows[-1]:
                raise SystemExit('--oracle-ids needs a YouTube-VIS or MOT '
                                 f'config; {path} has neither metric')
            rows.append(run_config(path, len(runs) + i, args,
                                   oracle=True, setting=setting))
    table = format_table(rows)
    print('\n' + table)
    for row in rows:
        if row.get('without_embedding'):
            print(f'{row["tracker"]}: {row["without_embedding"]} tracked '
                  'instances had no embedding (no cells) and were never '
                  'matched to a track')
    if args.out:
        from mmtrack_unsup.utils import dump_json_atomic
        dump_json_atomic(rows, args.out)
    return rows


if __name__ == '__main__':
    run_tool(main)
    sys.exit(0)
