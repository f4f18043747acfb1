"""Write the Tracktor++-refined copy of a ``*_detections.json`` (paper A,
Sec. 5: MOT17's public detections "pre-processed with classification and
regression following Tracktor++")."""
import os.path as osp
from collections import defaultdict
from typing import Callable

import cv2
import numpy as np

from mmtrack_unsup.utils import DataFormatError, dump_json_atomic
from mmtrack_unsup.utils.progress import track_iter
from ..detection_file import load_detection_file, read_detection


def refine_detection_file(in_path: str, out_path: str, img_root: str,
                          refiner: Callable, progress: bool = True) -> dict:
    """Refine every frame's detections of ``in_path`` with ``refiner``
    (:class:`PublicDetectionRefiner`: ``refiner(img, boxes) -> (boxes,
    scores, index)``) and write ``out_path`` atomically: the same videos,
    images, categories and ``info`` (plus ``info.refined_from``), one
    annotation per kept box, with its category, the refined box and score
    and ``source_id``, the id of the public detection it came from.

    Returns:
        dict: ``{'detections': N in, 'kept': M out, 'frames': F}``.
    """
    data = load_detection_file(in_path, ('images', 'annotations',
                                         'categories'))
    by_image = defaultdict(list)
    for i, ann in enumerate(data['annotations']):
        read_detection(ann, in_path, i)  # a malformed record stops here
        by_image[ann['image_id']].append(ann)
    anns = []
    for img in track_iter(data['images'], 'refine: frames', progress):
        dets = by_image.get(img['id'], [])
        if not dets:
            continue
        path = osp.join(img_root, img['file_name'])
        frame = cv2.imread(path)
        if frame is None:
            raise DataFormatError(in_path, f'image {img["id"]}: cannot read '
                                  f'{path}', field='images')
        boxes = np.array([a['bbox'] for a in dets], np.float32)
        boxes[:, 2:] += boxes[:, :2]
        refined, scores, index = refiner(frame, boxes)
        for box, score, k in zip(refined, scores, index):
            x1, y1, x2, y2 = (float(v) for v in box)
            anns.append(dict(
                id=len(anns) + 1, image_id=img['id'],
                category_id=dets[k]['category_id'],
                bbox=[x1, y1, x2 - x1, y2 - y1], area=(x2 - x1) * (y2 - y1),
                score=float(score), source_id=dets[k].get('id')))
    info = dict(data.get('info') or {})
    info['refined_from'] = osp.basename(in_path)
    out = dict(data, info=info, annotations=anns)
    # info first: the split check reads it from the head of the file
    dump_json_atomic(dict(info=info, **{k: v for k, v in out.items()
                                        if k != 'info'}), out_path)
    return dict(detections=len(data['annotations']), kept=len(anns),
                frames=len(data['images']))
