"""PoseTrack MOTA of tracked poses as an mmengine metric (mmpose's registry;
imported by the pose configs, so mmpose is needed only for pose tracking).
"""
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmdet.evaluation.metrics.base_video_metric import BaseVideoMetric
from mmpose.registry import METRICS

from mmtrack_unsup.evaluation.functional import (JointFrame, posetrack_ap,
                                                 posetrack_mota)
from mmtrack_unsup.datasets.formats import posetrack18_video_frame
from mmtrack_unsup.utils import DataFormatError, load_json


@METRICS.register_module()
class PoseTrackMOTAMetric(BaseVideoMetric):
    """MOTA (per joint and total), switches, misses and false positives of
    ``pred_instances.instance_ids`` against a PoseTrack18 json merged by
    ``tools/dataset_converters/posetrack18_merge.py``, computed as poseval
    does (:func:`posetrack_mota`), and poseval's pose AP of the same
    predictions (:func:`posetrack_ap`: PCKh matching, per-joint VOC AP,
    every labeled frame; mmpose's PoseTrack18Metric needs poseval, which is
    not on PyPI). Only labeled frames are scored, and only the joints
    annotated somewhere in the file (PoseTrack18: 15, without the ears, as
    poseval).

    A predicted joint counts when its score reaches ``kpt_score_thr``: the
    paper reports MOTA "after post-processing videos ... to ignore some
    keypoints that are below a predefined confidence score" (Sec. 4.1).

    Under N processes each tracks whole videos (:class:`VideoShardSampler`)
    and their frames are gathered by concatenation (mmdet's
    ``BaseVideoMetric``): mmengine's ``collect_results`` zips the processes'
    parts round-robin and cuts them to the shortest, which loses frames when
    the videos differ in length.

    Args:
        ann_file (str): The merged PoseTrack18 json of the test images.
        kpt_score_thr (float): Minimum score of a counted predicted joint.
        skip_last_frame (bool): poseval's detail (see posetrack_mota).
        empty_frame_placeholder (bool): poseval's detail.
    """
    default_prefix = 'posetrack'

    def __init__(self, ann_file: str, kpt_score_thr: float = 0.2,
                 skip_last_frame: bool = True,
                 empty_frame_placeholder: bool = True,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.ann_file = ann_file
        self.kpt_score_thr = kpt_score_thr
        self.skip_last_frame = skip_last_frame
        self.empty_frame_placeholder = empty_frame_placeholder

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_instances']
            if 'instance_ids' not in pred:
                raise KeyError('predictions carry no instance_ids: test '
                               'with a BottomupPoseTracker')
            self.results.append(dict(
                img_id=int(sample['img_id']),
                keypoints=np.asarray(pred['keypoints'], dtype=float),
                scores=np.asarray(pred['keypoint_scores'], dtype=float),
                ids=np.asarray(pred['instance_ids'], dtype=np.int64)))

    def _frames(self, results: List[dict]
                ) -> Tuple[List[List[JointFrame]], List[str], List[int]]:
        """The videos' scored frames, the keypoint names and the joints
        annotated anywhere in the file."""
        data = load_json(self.ann_file)
        gt = defaultdict(list)
        for ann in data.get('annotations', []):
            gt[ann['image_id']].append(ann)
        preds = {}
        for r in results:
            if r['img_id'] in preds:
                raise DataFormatError(
                    self.ann_file, f'image {r["img_id"]} was predicted twice '
                    '(a test sampler that repeats frames?)', field='images')
            preds[r['img_id']] = r
        videos = defaultdict(list)
        for img in sorted(data['images'],
                          key=lambda i: posetrack18_video_frame(i['id'])):
            if not img.get('is_labeled', True):
                continue
            if img['id'] not in preds:
                raise DataFormatError(
                    self.ann_file, f'image {img["id"]} ({img["file_name"]}) '
                    'was not predicted: test on the images of this file',
                    field='images')
            anns, pred = gt[img['id']], preds[img['id']]
            kpts = np.array([a['keypoints'] for a in anns],
                            dtype=float).reshape(len(anns), -1, 3)
            head = np.array([a['bbox_head'] for a in anns],
                            dtype=float).reshape(-1, 4)
            head[:, 2:] += head[:, :2]
            tracked = pred['ids'] >= 0
            videos[posetrack18_video_frame(img['id'])[0]].append(JointFrame(
                gt_ids=np.array([a['track_id'] for a in anns], np.int64),
                gt_keypoints=kpts[..., :2], gt_visible=kpts[..., 2] > 0,
                head_boxes=head, pred_ids=pred['ids'][tracked],
                pred_keypoints=pred['keypoints'][tracked],
                pred_visible=pred['scores'][tracked] >= self.kpt_score_thr,
                pred_scores=pred['scores'][tracked]))
        # the joints annotated anywhere (PoseTrack18: all but the ears)
        annotated = sorted({j for a in data.get('annotations', [])
                            for j, v in enumerate(a['keypoints'][2::3])
                            if v > 0})
        return (list(videos.values()), data['categories'][0]['keypoints'],
                annotated)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        videos, names, joints = self._frames(results)
        out = posetrack_mota(
            videos, num_joints=len(names), joints=joints,
            skip_last_frame=self.skip_last_frame,
            empty_frame_placeholder=self.empty_frame_placeholder)
        ap = posetrack_ap([f for frames in videos for f in frames],
                          num_joints=len(names), joints=joints)
        # fractions, as mmdet's MOT metrics (tools print percentages)
        metrics = dict(MOTA=out['total'], AP=ap['total'],
                       IDSW=float(out['num_switches'].sum()),
                       misses=float(out['num_misses'].sum()),
                       false_positives=float(
                           out['num_false_positives'].sum()))
        for name, mota in zip(names, out['mota']):
            if np.isfinite(mota):
                metrics[f'MOTA_{name}'] = float(mota)
        return metrics
