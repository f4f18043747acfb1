"""Ground truth scored as a tracker is perfect; corrupted ids score lower.

Runs mmdet's MOTChallengeMetric and our KittiTrackingMetric (both TrackEval)
on data produced by our converters and loaded by our dataset, so the whole
evaluation path is checked, not the metric alone.
"""
import os.path as osp

import pytest
import torch
from mmdet.evaluation import MOTChallengeMetric
from mmengine.evaluator import Evaluator
from mmengine.structures import InstanceData

from mmtrack_unsup.datasets import PUBLIC_DET_KEYS, PublicDetVideoDataset
from mmtrack_unsup.datasets.converters import convert_kitti, convert_mot
from mmtrack_unsup.evaluation import KittiTrackingMetric

PIPELINE = [
    dict(type='TransformBroadcaster',
         transforms=[dict(type='LoadTrackAnnotations')]),
    dict(type='PackTrackInputs', meta_keys=PUBLIC_DET_KEYS)
]


def _videos_with_gt_as_tracks(dataset, corrupt=False):
    """Every video with ``pred_track_instances`` = its own ground truth;
    ``corrupt`` gives every object a new id from the middle frame on."""
    videos = []
    for v in range(len(dataset)):
        sample = dataset[v]['data_samples']
        n = len(sample)
        for t, frame in enumerate(sample.video_data_samples):
            gt = frame.gt_instances
            ids = gt.instances_ids.clone()
            if corrupt and t >= n // 2:
                ids += 1000
            frame.pred_track_instances = InstanceData(
                bboxes=gt.bboxes.clone(), instances_id=ids,
                labels=gt.labels.clone(),
                scores=torch.ones(len(gt), dtype=torch.float32))
        videos.append(sample)
    return videos


def _evaluate(metric, dataset, videos):
    evaluator = Evaluator(metric)
    evaluator.dataset_meta = dataset.metainfo
    for video in videos:
        evaluator.process(data_samples=[video], data_batch=None)
    return evaluator.evaluate(len(videos))


def test_mot_metric_gt_is_perfect_and_corruption_costs(mot_root):
    convert_mot(mot_root, osp.join(mot_root, 'annotations'),
                subsets=('train', ), progress=False)
    ds = PublicDetVideoDataset(
        data_root=mot_root, ann_file='annotations/train_cocoformat.json',
        detection_file='annotations/train_detections.json',
        data_prefix=dict(img_path='train'), test_mode=True, pipeline=PIPELINE)
    perfect = _evaluate(MOTChallengeMetric(), ds,
                        _videos_with_gt_as_tracks(ds))
    for key in ('HOTA', 'MOTA', 'IDF1'):
        assert perfect[f'motchallenge-metric/{key}'] == pytest.approx(1.0)
    assert perfect['motchallenge-metric/IDSW'] == 0
    broken = _evaluate(MOTChallengeMetric(), ds,
                       _videos_with_gt_as_tracks(ds, corrupt=True))
    assert broken['motchallenge-metric/IDSW'] > 0
    for key in ('HOTA', 'MOTA', 'IDF1'):
        assert broken[f'motchallenge-metric/{key}'] < 1.0


def test_kitti_metric_gt_is_perfect_and_corruption_costs(kitti_root):
    ann = osp.join(kitti_root, 'annotations')
    paths = convert_kitti(kitti_root, ann, det_dir=osp.join(kitti_root,
                                                            'dets'),
                          classes=['Car'], progress=False)
    ds = PublicDetVideoDataset(
        data_root=kitti_root, ann_file=paths['gt'],
        detection_file=paths['detections'],
        data_prefix=dict(img_path='training/image_02'), test_mode=True,
        metainfo=dict(classes=('Car', )), pipeline=PIPELINE)
    perfect = _evaluate(
        KittiTrackingMetric(ann_file=paths['gt'], classes_to_eval=['Car']),
        ds, _videos_with_gt_as_tracks(ds))
    for key in ('HOTA', 'MOTA', 'IDF1'):
        assert perfect[f'kitti-tracking/{key}'] == pytest.approx(1.0)
    broken = _evaluate(KittiTrackingMetric(ann_file=paths['gt']), ds,
                       _videos_with_gt_as_tracks(ds, corrupt=True))
    assert broken['kitti-tracking/IDSW'] > 0
    assert broken['kitti-tracking/HOTA'] < 1.0
