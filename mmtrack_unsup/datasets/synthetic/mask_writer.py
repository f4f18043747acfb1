"""Writes synthetic instance masks: YouTube-VIS videos and COCO images.

* ``write_youtubevis``: ``{root}/JPEGImages/{video}/{frame:05d}.jpg`` and
  ``{root}/{split}.json`` in the YouTube-VIS 2019 format (one annotation per
  object per video, with per-frame ``segmentations`` as RLE, ``bboxes`` and
  ``areas``, ``None`` where the object is not visible).
* ``write_coco_images``: ``{root}/images/{k:06d}.jpg`` and
  ``{root}/annotations/instances_{split}.json`` in the COCO format: single
  labeled images, the training input of SOLO-Track (Fu et al., Sec. 3.1).

Masks are the visible parts (depth order and occluders applied), the way both
benchmarks annotate.
"""
import os
import os.path as osp
from typing import Dict, List

import cv2
import numpy as np
from pycocotools import mask as mask_utils

from mmtrack_unsup.utils.progress import track_iter
from mmtrack_unsup.utils import dump_json_atomic
from .config import SceneConfig
from .scene import SHAPES, SceneFrame, simulate

CATEGORIES = [dict(id=i, name=name, supercategory='shape')
              for i, name in enumerate(SHAPES, 1)]
_CAT_ID = {c['name']: c['id'] for c in CATEGORIES}


def _encode(mask: np.ndarray) -> dict:
    rle = mask_utils.encode(np.asfortranarray(mask.astype(np.uint8)))
    rle['counts'] = rle['counts'].decode('ascii')
    return rle


def _visible_instances(frame: SceneFrame, min_area: int):
    """(object, mask, bbox, area) for objects with enough visible pixels."""
    for obj in frame.objects:
        mask = frame.visible_mask(obj)
        area = int(mask.sum())
        if area < min_area:
            continue
        ys, xs = np.nonzero(mask)
        x0, y0 = float(xs.min()), float(ys.min())
        bbox = [x0, y0, float(xs.max()) + 1 - x0, float(ys.max()) + 1 - y0]
        yield obj, mask, bbox, area


def write_youtubevis(out_root: str, split: str, num_videos: int, seed: int,
                     cfg: SceneConfig, min_area: int = 20,
                     frame_stride: int = 1, progress: bool = True) -> str:
    """Write ``num_videos`` videos (video ``k`` seeded by ``(seed, k)``).

    ``cfg.num_frames`` frames are kept per video, one every ``frame_stride``
    simulated frames, and files are named by their simulated frame number:
    YouTube-VIS keeps every fifth frame of its 30 fps videos (Fu et al.,
    Sec. 4.1; files ``00000.jpg``, ``00005.jpg``, ...), so objects move five
    times further between annotated frames than in the raw video.
    """
    if frame_stride < 1:
        raise ValueError(f'frame_stride must be >= 1, got {frame_stride}')
    videos, annotations = [], []
    for k in track_iter(range(num_videos), f'{split}: videos', progress):
        vid_id, name = k + 1, f'{split}_{seed}_{k:03d}'
        os.makedirs(osp.join(out_root, 'JPEGImages', name), exist_ok=True)
        tracks: Dict[int, dict] = {}
        files: List[str] = []
        frames = simulate(cfg, (seed, k),
                          num_frames=cfg.num_frames * frame_stride)
        for raw_t, frame in enumerate(frames):
            if raw_t % frame_stride:
                continue
            t = raw_t // frame_stride
            fname = f'{name}/{raw_t:05d}.jpg'
            cv2.imwrite(osp.join(out_root, 'JPEGImages', fname), frame.image,
                        [cv2.IMWRITE_JPEG_QUALITY, 92])
            files.append(fname)
            for obj, mask, bbox, area in _visible_instances(frame, min_area):
                track = tracks.setdefault(obj.id, dict(
                    video_id=vid_id, category_id=_CAT_ID[obj.category],
                    iscrowd=0, width=cfg.width, height=cfg.height,
                    length=1, segmentations={}, bboxes={}, areas={}))
                track['segmentations'][t] = _encode(mask)
                track['bboxes'][t] = bbox
                track['areas'][t] = area
        n = len(files)
        videos.append(dict(id=vid_id, width=cfg.width, height=cfg.height,
                           length=n, file_names=files))
        for track in tracks.values():
            for key in ('segmentations', 'bboxes', 'areas'):
                track[key] = [track[key].get(t) for t in range(n)]
            track['length'] = n
            track['id'] = len(annotations) + 1
            annotations.append(track)
    path = osp.join(out_root, f'{split}.json')
    dump_json_atomic(dict(info=dict(description='mmtrack_unsup synthetic VIS'),
                          licenses=[], videos=videos, categories=CATEGORIES,
                          annotations=annotations), path)
    return path


def write_coco_images(out_root: str, split: str, num_images: int, seed: int,
                      cfg: SceneConfig, min_area: int = 20,
                      progress: bool = True) -> str:
    """Write ``num_images`` independent labeled images; image ``k`` is a
    random moment (after a short warm-up) of the scene seeded by
    ``(seed, k)``."""
    img_dir = osp.join(out_root, 'images', split)
    os.makedirs(img_dir, exist_ok=True)
    images, annotations = [], []
    for k in track_iter(range(num_images), f'{split}: images', progress):
        warmup = int(np.random.default_rng((seed, k, 1)).integers(1, 30))
        *_, frame = simulate(cfg, (seed, k), num_frames=warmup)
        fname = f'{k:06d}.jpg'
        cv2.imwrite(osp.join(img_dir, fname), frame.image,
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
        images.append(dict(id=k + 1, file_name=fname, width=cfg.width,
                           height=cfg.height))
        for obj, mask, bbox, area in _visible_instances(frame, min_area):
            annotations.append(dict(
                id=len(annotations) + 1, image_id=k + 1,
                category_id=_CAT_ID[obj.category], bbox=bbox, area=area,
                segmentation=_encode(mask), iscrowd=0))
    path = osp.join(out_root, 'annotations', f'instances_{split}.json')
    dump_json_atomic(dict(images=images, annotations=annotations,
                          categories=CATEGORIES), path)
    return path
