"""PoseTrackMOTAMetric on a merged PoseTrack18 json written by the
synthetic corpus: the ground truth as prediction scores 100, swapped
identities cost switches, unpredicted images are an error."""
import json
import os.path as osp

import numpy as np
import pytest

from mmtrack_unsup.datasets.converters import merge_posetrack18
from mmtrack_unsup.datasets.synthetic import get_preset, write_posetrack18
from mmtrack_unsup.evaluation.metrics.posetrack_mota_metric import \
    PoseTrackMOTAMetric
from mmtrack_unsup.utils import DataFormatError


@pytest.fixture(scope='module')
def merged(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('pt18'))
    write_posetrack18(root, 'val', 2, 1000,
                      get_preset('pose').updated(num_frames=5),
                      progress=False)
    out = osp.join(root, 'annotations', 'posetrack18_val.json')
    merge_posetrack18(osp.join(root, 'annotations', 'val'), out, root)
    return out


def _samples(path, swap_from=None):
    """One test-step output per image, predicting the ground truth (joint
    scores 1 where annotated, 0 elsewhere)."""
    data = json.load(open(path))
    by_img = {}
    for ann in data['annotations']:
        by_img.setdefault(ann['image_id'], []).append(ann)
    out = []
    for img in data['images']:
        anns = by_img.get(img['id'], [])
        k = np.array([a['keypoints'] for a in anns],
                     float).reshape(-1, 17, 3)
        ids = np.array([a['track_id'] for a in anns], np.int64)
        if swap_from is not None and img['id'] % 10000 >= swap_from \
                and len(ids) >= 2:
            ids[[0, 1]] = ids[[1, 0]]
        out.append(dict(img_id=img['id'], pred_instances=dict(
            keypoints=k[..., :2], keypoint_scores=(k[..., 2] > 0) * 1.0,
            instance_ids=ids)))
    return out


def test_ground_truth_scores_100_on_the_15_annotated_joints(merged):
    metric = PoseTrackMOTAMetric(ann_file=merged)
    metric.process({}, _samples(merged))
    out = metric.compute_metrics(metric.results)
    assert out['MOTA'] == pytest.approx(1.0)
    assert out['AP'] == pytest.approx(1.0)
    assert out['IDSW'] == 0 and out['misses'] == 0
    joints = [k for k in out if k.startswith('MOTA_')]
    assert len(joints) == 15 and 'MOTA_left_ear' not in out


def test_swapped_identities_cost_switches(merged):
    metric = PoseTrackMOTAMetric(ann_file=merged)
    metric.process({}, _samples(merged, swap_from=2))
    out = metric.compute_metrics(metric.results)
    assert out['IDSW'] > 0 and out['MOTA'] < 1.0
    assert out['misses'] == 0 and out['false_positives'] == 0
    # the poses are still right: AP does not see identities
    assert out['AP'] == pytest.approx(1.0)


def test_shifted_joints_lose_ap(merged):
    """Every predicted joint moved one head size away: nothing matches
    (PCKh 0.5), AP 0, and every joint is a miss and a false positive."""
    samples = _samples(merged)
    data = json.load(open(merged))
    size = {}  # the largest head size of each image
    for a in data['annotations']:
        size[a['image_id']] = max(size.get(a['image_id'], 0),
                                  np.hypot(*a['bbox_head'][2:]) * 0.6)
    for s in samples:
        if s['img_id'] in size:
            s['pred_instances']['keypoints'] = \
                s['pred_instances']['keypoints'] + 2 * size[s['img_id']]
    metric = PoseTrackMOTAMetric(ann_file=merged)
    metric.process({}, samples)
    out = metric.compute_metrics(metric.results)
    assert out['AP'] == 0.0 and out['MOTA'] < 0


def test_an_image_left_unpredicted_is_an_error(merged):
    metric = PoseTrackMOTAMetric(ann_file=merged)
    metric.process({}, _samples(merged)[1:])
    with pytest.raises(DataFormatError, match='was not predicted'):
        metric.compute_metrics(metric.results)
    with pytest.raises(KeyError, match='BottomupPoseTracker'):
        metric.process({}, [dict(img_id=1, pred_instances=dict(
            keypoints=np.zeros((0, 17, 2)),
            keypoint_scores=np.zeros((0, 17))))])
