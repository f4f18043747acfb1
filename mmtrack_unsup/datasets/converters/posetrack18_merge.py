"""PoseTrack18's per-video jsons -> one COCO-style json for mmpose.

PoseTrack18 ships one json per video (``annotations/{train,val}/*.json``).
mmpose's ``PoseTrack18Dataset`` and ``PoseTrack18VideoDataset`` read one
file, and read each image's ``width`` and ``height``, which PoseTrack18's
files do not have (mmpose's own merged files add them). This merges the
videos, adds the sizes (read from each video's first frame: a video has one
size) and checks what the rest of the package relies on, naming the file
and field of any problem: 17 keypoints per annotation, annotations of
existing images, image ids unique across videos, one person category with
the same keypoint names in every file.
"""
import glob
import math
import os.path as osp
from typing import Optional

import cv2

from mmtrack_unsup.utils import (DataFormatError, SkipCounter,
                                 check_output_dir, dump_json_atomic,
                                 load_json)
from ..detection_file import is_number


def _require(obj: dict, key: str, path: str, where: str):
    if not isinstance(obj, dict) or key not in obj:
        raise DataFormatError(path, f'{where} has no {key!r}; this is not a '
                              'PoseTrack18 json', field=key)
    return obj[key]


def merge_posetrack18(ann_dir: str, out_file: str, data_root: str,
                      skips: Optional[SkipCounter] = None) -> dict:
    """Merge every ``*.json`` of ``ann_dir`` (one video each).

    Args:
        ann_dir (str): e.g. ``data/posetrack18/annotations/val``.
        out_file (str): The merged json to write.
        data_root (str): Folder the images' ``file_name`` is relative to.
        skips (SkipCounter, optional): Receives videos without labeled
            frames.

    Returns:
        dict: The written json.
    """
    skips = skips if skips is not None else SkipCounter()
    check_output_dir(osp.dirname(osp.abspath(out_file)))
    files = sorted(glob.glob(osp.join(ann_dir, '*.json')))
    if not files:
        raise DataFormatError(ann_dir, 'no PoseTrack18 json files here')
    out = dict(images=[], annotations=[], categories=None)
    seen_ids = {}
    for path in files:
        src = load_json(path)
        images = _require(src, 'images', path, 'file')
        anns = src.get('annotations') or []
        cats = _require(src, 'categories', path, 'file')
        if len(cats) != 1 or len(cats[0].get('keypoints', [])) != 17:
            raise DataFormatError(path, 'expected one person category with '
                                  '17 keypoints', field='categories')
        if out['categories'] is None:
            out['categories'] = cats
        elif cats[0]['keypoints'] != out['categories'][0]['keypoints']:
            raise DataFormatError(path, 'keypoint names differ from '
                                  f'{files[0]}', field='categories')
        if not any(img.get('is_labeled') for img in images):
            skips.skip('video without labeled frames', path)
            continue
        first = osp.join(data_root, _require(images[0], 'file_name', path,
                                             'images[0]'))
        frame = cv2.imread(first)
        if frame is None:
            raise DataFormatError(first, f'cannot read this frame (named '
                                  f'by {path} images[0].file_name)')
        height, width = frame.shape[:2]
        ids = set()
        for i, img in enumerate(images):
            img_id = _require(img, 'id', path, f'images[{i}]')
            if img_id in seen_ids:
                raise DataFormatError(path, f'image id {img_id} is also in '
                                      f'{seen_ids[img_id]}',
                                      field=f'images[{i}].id')
            seen_ids[img_id] = path
            ids.add(img_id)
            out['images'].append(dict(img, width=width, height=height))
        for i, ann in enumerate(anns):
            where = f'annotations[{i}]'
            if _require(ann, 'image_id', path, where) not in ids:
                raise DataFormatError(path, f'image_id {ann["image_id"]} is '
                                      'not in this file\'s images',
                                      field=f'{where}.image_id')
            keypoints = _require(ann, 'keypoints', path, where)
            if len(keypoints) != 51:
                raise DataFormatError(path, 'keypoints must hold 17 (x, y, '
                                      'v) triples', field=f'{where}.keypoints')
            for j, value in enumerate(keypoints):
                # refused here, not when results are written after the run
                if not (is_number(value) and math.isfinite(value)):
                    raise DataFormatError(
                        path, f'keypoints[{j}] (joint {j // 3}, '
                        f'{"xyv"[j % 3]}) is {value!r}, not a finite number',
                        field=f'{where}.keypoints')
            out['annotations'].append(ann)
    dump_json_atomic(out, out_file)
    return out
