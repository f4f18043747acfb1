"""A CocoVID video dataset whose frames carry precomputed (public)
detections, so any tracker can run on the benchmark's own detections."""
import logging
import math
import os.path as osp
from collections import defaultdict
from typing import List, Optional

import numpy as np
from mmdet.datasets import MOTChallengeDataset
from mmdet.registry import DATASETS
from mmengine.logging import print_log

from mmtrack_unsup.utils import DataFormatError, SkipCounter
from .detection_file import (box_problem, file_subset, file_subset_from_head,
                             load_detection_file, read_detection,
                             refined_detection_path)
from .score_normalisation import (check_score_normalisation,
                                  normalise_scores)

PUBLIC_DET_KEYS = ('public_bboxes', 'public_scores', 'public_labels')


@DATASETS.register_module()
class PublicDetVideoDataset(MOTChallengeDataset):
    """MOTChallenge-style CocoVID dataset with public detections per frame.

    Every frame's data info gets ``public_bboxes`` (N, 4; x1, y1, x2, y2 in
    original image pixels), ``public_scores`` (N,) and ``public_labels`` (N,)
    read from ``detection_file``, the ``*_detections.json`` written by our
    converters. Add these keys to ``PackTrackInputs(meta_keys=...)`` and use
    :class:`PublicDetector` as the MOT model's detector. A frame without
    detections gets empty arrays. Ground truth stays as in mmdet's
    ``MOTChallengeDataset`` and is used for evaluation only. Detections of
    another split than the annotation file (their ``info.subset`` differ)
    are refused.

    Args:
        detection_file (str, optional): CocoVID json of detections with a
            ``score`` per annotation. Relative paths are joined with
            ``data_root``. ``None`` loads no detections.
        score_normalisation (str, optional): ``'rank'`` puts every public
            detector's scores on one scale (:func:`normalise_scores`: each
            detector's empirical CDF over this file, so the trackers'
            thresholds keep the same share of every detector's boxes; the
            MOT17 configs, whose DPM scores are SVM margins). Defaults to
            None: the file's scores.
        public_det_refinement (str, optional): ``'tracktor'`` reads the
            Tracktor++-refined copy of the detections (paper A, Sec. 5),
            ``X_detections_tracktor.json`` beside ``X_detections.json``,
            written by ``tools/dataset_converters/refine_detections.py``
            (:class:`PublicDetectionRefiner`); a missing copy is an error
            naming that command. Defaults to None: the file as converted.
    """

    def __init__(self, *args, detection_file: Optional[str] = None,
                 score_normalisation: Optional[str] = None,
                 public_det_refinement: Optional[str] = None,
                 **kwargs) -> None:
        self.score_normalisation = check_score_normalisation(
            score_normalisation)
        self.detection_file = detection_file
        self.public_det_refinement = public_det_refinement
        super().__init__(*args, **kwargs)

    def _join_prefix(self) -> None:
        super()._join_prefix()
        if self.detection_file and self.data_root and not \
                self.detection_file.startswith('/'):
            self.detection_file = osp.join(self.data_root,
                                           self.detection_file)

    def load_data_list(self) -> List[dict]:
        data_list = super().load_data_list()
        if not data_list:  # the sampler would die later, far from the cause
            raise DataFormatError(self.ann_file, 'holds no video; was it '
                                  'converted from the right split?',
                                  field='videos')
        if self.detection_file is not None:
            self._attach_detections(data_list)
        return data_list

    def _check_subset(self, dets: dict) -> None:
        """Refuse detections of another split. Sequence names repeat across
        splits (KITTI, the synthetic corpus), so frame names cannot tell."""
        det_subset = file_subset(dets)
        gt_subset = file_subset_from_head(self.ann_file)
        if det_subset and gt_subset and det_subset != gt_subset:
            raise DataFormatError(
                self.detection_file, f'holds detections of the '
                f'{det_subset!r} split, but the annotation file '
                f'{self.ann_file} is the {gt_subset!r} split',
                field='info.subset')
        if not (det_subset and gt_subset):
            print_log(
                f'{self.detection_file} or {self.ann_file} records no '
                'info.subset, so the split of the detections cannot be '
                'checked; convert both with tools/dataset_converters to '
                'check it', 'current', logging.WARNING)

    def _attach_detections(self, data_list: List[dict]) -> None:
        path = self.detection_file = refined_detection_path(
            self.detection_file, self.public_det_refinement)
        dets = load_detection_file(path, ('images', 'annotations',
                                          'categories'))
        self._check_subset(dets)
        normalise_scores(dets, self.score_normalisation)
        name_of_cat = {c['id']: c['name'] for c in dets['categories']}
        label_of_name = {n: i for i, n in enumerate(self.metainfo['classes'])}
        file_of_img = {img['id']: img['file_name'] for img in dets['images']}
        size_of = {img['id']: (img.get('width'), img.get('height'))
                   for img in dets['images']}
        per_file = defaultdict(list)
        kept, skips = 0, SkipCounter()
        for i, ann in enumerate(dets['annotations']):
            x1, y1, x2, y2, score = read_detection(
                ann, path, i, ('image_id', 'bbox', 'score', 'category_id'))
            if ann['image_id'] not in file_of_img:
                raise DataFormatError(path, f'image_id {ann["image_id"]} is '
                                      'not in images',
                                      field=f'annotations[{i}].image_id')
            name = name_of_cat.get(ann['category_id'])
            if name not in label_of_name:
                skips.skip('detection of a class this dataset does not '
                           'track', f'{path} annotations[{i}]')
                continue
            if not math.isfinite(score):
                skips.skip('NaN/inf score', f'{path} annotations[{i}]')
                continue
            problem = box_problem(x1, y1, x2, y2, *size_of[ann['image_id']])
            if problem:
                skips.skip(problem, f'{path} annotations[{i}]')
                continue
            per_file[file_of_img[ann['image_id']]].append(
                (x1, y1, x2, y2, score, label_of_name[name]))
            kept += 1
        self.detection_skips = skips
        if skips.total:  # other classes are routine (KITTI), NaN is not
            only_classes = set(skips.counts) == {
                'detection of a class this dataset does not track'}
            print_log(f'{path}: {skips.summary()}', 'current',
                      logging.INFO if only_classes else logging.WARNING)
        if not kept:  # scoring would give HOTA 0 without a word
            num_known = sum(name_of_cat.get(a['category_id']) in
                            label_of_name for a in dets['annotations'])
            if dets['annotations'] and not num_known:
                # e.g. 'Pedestrian' against 'pedestrian'
                raise DataFormatError(
                    path, f'none of its {len(dets["annotations"])} '
                    'detections is of a class of this dataset: categories '
                    f'of the file {sorted(set(name_of_cat.values()))}, '
                    f'classes of the config {list(self.metainfo["classes"])}',
                    field='categories')
            raise DataFormatError(
                path, 'no usable detection to track ('
                f'{len(dets["annotations"])} records; {skips.summary()})',
                field='annotations')
        known = set(file_of_img.values())
        empty = []
        for video in data_list:
            if not any(per_file.get(img['file_name'])
                       for img in video['images']):
                empty.append(video['images'][0]['file_name'].split('/')[0]
                             if video['images'] else '?')
            for img in video['images']:
                fname = img['file_name']
                if fname not in known:
                    raise DataFormatError(
                        path, f'has no entry for frame {fname!r} of the '
                        f'annotation file {self.ann_file}; was it converted '
                        'from the same split?', field='images')
                rows = np.array(per_file.get(fname, []),
                                np.float32).reshape(-1, 6)
                img['public_bboxes'] = rows[:, :4]
                img['public_scores'] = rows[:, 4]
                img['public_labels'] = rows[:, 5].astype(np.int64)
        if empty:
            print_log(f'{path}: no usable detection in {len(empty)} of '
                      f'{len(data_list)} videos ({", ".join(empty)}); they '
                      'score as if nothing was tracked', 'current',
                      logging.WARNING)
