"""COCO 2017's single-image files, shared by the synthetic writers of masks
(``instances_*.json``) and of poses (``person_keypoints_*.json``)."""
import os
import os.path as osp
from typing import Callable, Iterable, List, Optional

import cv2
import numpy as np
from pycocotools import mask as mask_utils

from mmtrack_unsup.utils import dump_json_atomic
from mmtrack_unsup.utils.progress import track_iter
from .config import SceneConfig


def polygons(mask: np.ndarray) -> List[List[float]]:
    """A mask as COCO stores a non-crowd object: the outer contours of its
    parts as flat ``[x0, y0, x1, y1, ...]`` lists (parts with fewer than 3
    points are dropped). Contours run through the boundary pixels' outer
    corners, so that pycocotools rasterises them back to the mask."""
    contours, _ = cv2.findContours(
        np.ascontiguousarray(mask, dtype=np.uint8), cv2.RETR_EXTERNAL,
        cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours:
        if len(contour) < 3:
            continue
        pts = contour[:, 0, :].astype(float)
        # move each vertex half a pixel away from the part's centre
        centre = pts.mean(axis=0)
        pts += 0.5 * np.sign(pts - centre)
        out.append([round(v, 1) for v in pts.ravel().tolist()])
    return out


def polygon_annotation(mask: np.ndarray) -> Optional[dict]:
    """``segmentation``, ``area``, ``bbox`` and ``iscrowd`` of a non-crowd
    object; COCO's area and box are those of the polygons (parts too thin
    for a polygon are not in them). None when no part makes a polygon."""
    polys = polygons(mask)
    if not polys:
        return None
    rle = mask_utils.merge(mask_utils.frPyObjects(polys, *mask.shape))
    return dict(segmentation=polys, area=float(mask_utils.area(rle)),
                bbox=[float(v) for v in mask_utils.toBbox(rle)], iscrowd=0)


def write_coco_file(out_root: str, split: str, num_images: int, seed: int,
                    cfg: SceneConfig, last_frame: Callable,
                    annotate: Callable[[object], Iterable[dict]],
                    file_prefix: str, categories: List[dict],
                    description: str, progress: bool = True) -> str:
    """Write ``{out_root}/{split}/{id:012d}.jpg`` and
    ``{out_root}/annotations/{file_prefix}_{split}.json``.

    Image ``k`` is a random moment of the scene seeded by ``(seed, k)``:
    ``last_frame(cfg, (seed, k), warmup)`` after a short warm-up;
    ``annotate(frame)`` gives its annotations, which get their image and
    annotation ids here.
    """
    img_dir = osp.join(out_root, split)
    os.makedirs(img_dir, exist_ok=True)
    images, annotations = [], []
    for k in track_iter(range(num_images), f'{split}: images', progress):
        warmup = int(np.random.default_rng((seed, k, 1)).integers(1, 30))
        frame = last_frame(cfg, (seed, k), warmup)
        img_id = k + 1
        fname = f'{img_id:012d}.jpg'
        cv2.imwrite(osp.join(img_dir, fname), frame.image,
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
        images.append(dict(license=1, file_name=fname, height=cfg.height,
                           width=cfg.width, id=img_id))
        for ann in annotate(frame):
            annotations.append(dict(ann, image_id=img_id,
                                    id=len(annotations) + 1))
    path = osp.join(out_root, 'annotations', f'{file_prefix}_{split}.json')
    dump_json_atomic(dict(
        info=dict(description=description),
        licenses=[dict(id=1, name='synthetic', url='')], images=images,
        annotations=annotations, categories=categories), path)
    return path
