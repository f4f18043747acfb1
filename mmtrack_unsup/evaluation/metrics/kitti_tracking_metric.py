"""KITTI tracking evaluation (HOTA, CLEAR, Identity) through TrackEval."""
import os
import os.path as osp
import tempfile
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import trackeval
from mmdet.evaluation.metrics.base_video_metric import BaseVideoMetric
from mmdet.registry import METRICS
from mmengine.logging import MMLogger

from mmtrack_unsup.datasets.formats.kitti_tracking import format_kitti_line
from mmtrack_unsup.utils import DataFormatError, atomic_open, load_json


@METRICS.register_module()
class KittiTrackingMetric(BaseVideoMetric):
    """Scores tracks on KITTI tracking data with TrackEval's ``Kitti2DBox``.

    The ground-truth label files are rebuilt from ``ann_file``, the CocoVID
    json written by ``tools/dataset_converters/kitti2cocovid.py``, which
    keeps every KITTI type, ``DontCare`` regions and the truncation/occlusion
    levels, so TrackEval applies the benchmark's own rules (Van counts as a
    distractor for Car, Person_sitting for Pedestrian; DontCare regions and
    boxes under 25 px tall are ignored).

    Args:
        ann_file (str): The CocoVID ground truth of the evaluated split.
        metric (str | list[str]): Any of ``'HOTA'``, ``'CLEAR'``,
            ``'Identity'``.
        classes_to_eval (Sequence[str]): ``'Car'`` and/or ``'Pedestrian'``.
        outfile_prefix (str, optional): Keep the written label files here.
        prefix (str, optional): Prefix of the metric names.
    """
    default_prefix: Optional[str] = 'kitti-tracking'
    allowed_metrics = ('HOTA', 'CLEAR', 'Identity')

    def __init__(self,
                 ann_file: str,
                 metric: Union[str, List[str]] = ('HOTA', 'CLEAR',
                                                  'Identity'),
                 classes_to_eval: Sequence[str] = ('Car', ),
                 outfile_prefix: Optional[str] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.metrics = [metric] if isinstance(metric, str) else list(metric)
        for m in self.metrics:
            if m not in self.allowed_metrics:
                raise KeyError(f'metric {m} is not supported')
        for c in classes_to_eval:
            if c not in ('Car', 'Pedestrian'):
                raise ValueError('KITTI tracking evaluates Car and '
                                 f'Pedestrian only, got {c!r}')
        self.ann_file = ann_file
        self.classes_to_eval = list(classes_to_eval)
        self.outfile_prefix = outfile_prefix

    def process_video(self, data_samples) -> None:
        for sample in data_samples:
            self._process_frame(sample)

    def process_image(self, data_samples, video_len) -> None:
        self._process_frame(data_samples[0])

    def _process_frame(self, sample) -> None:
        pred = sample.pred_track_instances
        rows = np.concatenate([
            pred.instances_id.cpu().numpy()[:, None].astype(np.float64),
            pred.labels.cpu().numpy()[:, None].astype(np.float64),
            pred.bboxes.cpu().numpy(),
            pred.scores.cpu().numpy()[:, None]
        ], axis=1) if len(pred) else np.zeros((0, 7))
        self.results.append((sample.metainfo['video_id'],
                             sample.metainfo['frame_id'], rows))

    def _write_gt(self, gt: dict, gt_dir: str) -> Dict[int, str]:
        names = {v['id']: v['name'] for v in gt['videos']}
        cat_names = {c['id']: c['name'] for c in gt['categories']}
        frames = defaultdict(int)
        img_frame = {}
        for img in gt['images']:
            frames[img['video_id']] += 1
            img_frame[img['id']] = (img['video_id'], img['frame_id'])
        lines = defaultdict(list)
        for i, ann in enumerate(gt['annotations']):
            if ann['image_id'] not in img_frame:
                raise DataFormatError(self.ann_file, 'unknown image_id',
                                      field=f'annotations[{i}]')
            vid, frame = img_frame[ann['image_id']]
            x, y, w, h = ann['bbox']
            lines[vid].append((frame, format_kitti_line(
                frame, ann.get('instance_id', -1),
                cat_names[ann['category_id']], [x, y, x + w, y + h],
                truncated=ann.get('truncated', 0),
                occluded=ann.get('occluded', 0))))
        os.makedirs(osp.join(gt_dir, 'label_02'), exist_ok=True)
        with atomic_open(osp.join(gt_dir,
                                  'evaluate_tracking.seqmap.training')) as f:
            for vid, name in names.items():
                f.write(f'{name} empty 000000 {frames[vid]:06d}\n')
        for vid, name in names.items():
            with atomic_open(osp.join(gt_dir, 'label_02', f'{name}.txt')) as f:
                f.writelines(line for _, line in sorted(lines[vid],
                                                        key=lambda x: x[0]))
        return names

    def compute_metrics(self, results: list) -> dict:
        logger = MMLogger.get_current_instance()
        gt = load_json(self.ann_file)
        classes = self.dataset_meta['classes']
        root = self.outfile_prefix or tempfile.mkdtemp(prefix='kitti_eval_')
        gt_dir = osp.join(root, 'gt')
        names = self._write_gt(gt, gt_dir)
        tracker_dir = osp.join(root, 'trackers', 'default-tracker', 'data')
        os.makedirs(tracker_dir, exist_ok=True)
        per_video = defaultdict(list)
        for vid, frame, rows in results:
            for tid, label, x1, y1, x2, y2, score in rows:
                per_video[vid].append((frame, format_kitti_line(
                    frame, int(tid), classes[int(label)], [x1, y1, x2, y2],
                    score=score)))
        for vid, name in names.items():
            with atomic_open(osp.join(tracker_dir, f'{name}.txt')) as f:
                f.writelines(line for _, line in sorted(per_video[vid],
                                                        key=lambda x: x[0]))
        dataset_cfg = trackeval.datasets.Kitti2DBox.get_default_dataset_config()
        dataset_cfg.update(
            GT_FOLDER=gt_dir, TRACKERS_FOLDER=osp.join(root, 'trackers'),
            OUTPUT_FOLDER=osp.join(root, 'output'),
            TRACKERS_TO_EVAL=['default-tracker'],
            CLASSES_TO_EVAL=[c.lower() for c in self.classes_to_eval],
            SPLIT_TO_EVAL='training', PRINT_CONFIG=False)
        eval_cfg = trackeval.Evaluator.get_default_eval_config()
        eval_cfg.update(PRINT_RESULTS=False, PRINT_CONFIG=False,
                        OUTPUT_SUMMARY=False, OUTPUT_DETAILED=False,
                        PLOT_CURVES=False, USE_PARALLEL=False)
        evaluator = trackeval.Evaluator(eval_cfg)
        metrics = [getattr(trackeval.metrics, m)(dict(METRICS=[m],
                                                      THRESHOLD=0.5))
                   for m in self.metrics]
        output, _ = evaluator.evaluate(
            [trackeval.datasets.Kitti2DBox(dataset_cfg)], metrics)
        combined = output['Kitti2DBox']['default-tracker']['COMBINED_SEQ']
        out = {}
        for cls in self.classes_to_eval:
            res = combined[cls.lower()]
            tag = '' if len(self.classes_to_eval) == 1 else f'{cls}/'
            if 'HOTA' in self.metrics:
                for key in ('HOTA', 'DetA', 'AssA', 'LocA'):
                    out[tag + key] = float(np.mean(res['HOTA'][key]))
            if 'CLEAR' in self.metrics:
                for key in ('MOTA', 'MOTP', 'IDSW', 'MT', 'ML', 'Frag'):
                    out[tag + key] = float(np.mean(res['CLEAR'][key]))
            if 'Identity' in self.metrics:
                out[tag + 'IDF1'] = float(np.mean(res['Identity']['IDF1']))
        logger.info(f'KITTI tracking ({", ".join(self.classes_to_eval)}): '
                    + ', '.join(f'{k}={v:.4f}' for k, v in out.items()))
        return out
