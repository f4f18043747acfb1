"""Writes synthetic instance masks in the real benchmarks' formats.

* ``write_youtubevis``: ``{root}/{split}/JPEGImages/{video}/{frame:05d}.jpg``
  and ``{root}/{split}.json`` as YouTube-VIS 2019 ships ``train.json``: its
  40 categories with their ids, one annotation per object per video with
  per-frame ``segmentations`` (uncompressed RLE), ``bboxes`` and ``areas``,
  ``None`` where the object is not visible; video names are 10 hex digits.
* ``write_coco_images``: ``{root}/{split}/{id:012d}.jpg`` and
  ``{root}/annotations/instances_{split}.json`` as COCO 2017 ships them: its
  80 categories with their ids in file order, polygon segmentations: single
  labeled images, the training input of SOLO-Track (Fu et al., Sec. 3.1).

The four synthetic shapes are drawn as four of the 20 categories YouTube-VIS
2019 shares with COCO (``SHAPE_CATEGORIES``), so the files differ from the
real ones only in their pictures. Masks are the visible parts (depth order
and occluders applied), the way both benchmarks annotate.
"""
import os
import os.path as osp
from dataclasses import asdict
from typing import Dict, List, Optional

import cv2
import numpy as np

from mmtrack_unsup.utils.progress import track_iter
from mmtrack_unsup.utils import dump_json_atomic
from ..benchmark_categories import coco2017_categories, ytvis2019_categories
from ..converters.youtubevis2cocovid import YTVIS2019_COCO_OVERLAP
from .coco_writer import polygon_annotation, write_coco_file
from .config import SceneConfig
from .scene import SHAPES, SceneFrame, simulate
from .video_domain import VideoDomain

# YouTube-VIS 2019 names of the shapes (COCO names by YTVIS2019_COCO_OVERLAP:
# person, car, dog, skateboard). Chosen so that the label order differs
# between the files, as it does between the real ones: COCO lists person,
# car, dog, skateboard; YouTube-VIS person, skateboard, sedan, dog.
SHAPE_CATEGORIES: Dict[str, str] = {
    'rectangle': 'person', 'ellipse': 'sedan', 'triangle': 'dog',
    'diamond': 'skateboard'}
assert set(SHAPE_CATEGORIES) == set(SHAPES)


def _category_ids(categories: List[dict], names: Dict[str, str]):
    """shape -> category id of ``names[shape]`` in ``categories``."""
    id_of = {c['name']: c['id'] for c in categories}
    return {shape: id_of[name] for shape, name in names.items()}


def uncompressed_rle(mask: np.ndarray) -> dict:
    """A mask as YouTube-VIS stores it: run lengths (column-major, starting
    with a run of zeros) as a list of ints."""
    flat = np.asarray(mask, dtype=np.uint8).ravel(order='F')
    changes = np.flatnonzero(np.diff(flat)) + 1
    counts = np.diff(np.concatenate([[0], changes, [flat.size]])).tolist()
    if flat.size and flat[0]:
        counts = [0] + counts
    return dict(counts=counts, size=list(mask.shape))


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
                     frame_stride: int = 1, progress: bool = True,
                     domain: Optional[VideoDomain] = None) -> str:
    """Write ``num_videos`` videos (video ``k`` seeded by ``(seed, k)``).

    ``domain`` degrades every written frame (:class:`VideoDomain`: motion
    blur, lower resolution, a colour shift, compression), as video frames
    differ from the labeled stills; the masks are the rendered ones.

    ``cfg.num_frames`` frames are kept per video, one every ``frame_stride``
    simulated frames, and files are named by their simulated frame number:
    YouTube-VIS keeps every fifth frame of its 30 fps videos (Fu et al.,
    Sec. 4.1; files ``00000.jpg``, ``00005.jpg``, ...), so objects move five
    times further between annotated frames than in the raw video.
    """
    if frame_stride < 1:
        raise ValueError(f'frame_stride must be >= 1, got {frame_stride}')
    categories = ytvis2019_categories()
    cat_id = _category_ids(categories, SHAPE_CATEGORIES)
    videos, annotations = [], []
    for k in track_iter(range(num_videos), f'{split}: videos', progress):
        # YouTube-VIS names videos by 10 hex digits
        vid_id, name = k + 1, f'{seed:04x}{k:06x}'
        os.makedirs(osp.join(out_root, split, 'JPEGImages', name),
                    exist_ok=True)
        tracks: Dict[int, dict] = {}
        files: List[str] = []
        frames = simulate(cfg, (seed, k),
                          num_frames=cfg.num_frames * frame_stride)
        if domain is not None and not domain.is_identity:
            # its own stream, so the scenes are those of domain=None
            kernel = domain.blur_kernel(
                np.random.default_rng((seed, k, 34)))
        for raw_t, frame in enumerate(frames):
            if raw_t % frame_stride:
                continue
            t = raw_t // frame_stride
            fname = f'{name}/{raw_t:05d}.jpg'
            image = frame.image
            if domain is not None and not domain.is_identity:
                image = domain.apply(image, kernel)
            cv2.imwrite(osp.join(out_root, split, 'JPEGImages', fname),
                        image, [cv2.IMWRITE_JPEG_QUALITY, 92])
            files.append(fname)
            for obj, mask, bbox, area in _visible_instances(frame, min_area):
                track = tracks.setdefault(obj.id, dict(
                    width=cfg.width, length=1,
                    category_id=cat_id[obj.category], video_id=vid_id,
                    iscrowd=0, height=cfg.height, segmentations={},
                    bboxes={}, areas={}))
                track['segmentations'][t] = uncompressed_rle(mask)
                track['bboxes'][t] = bbox
                track['areas'][t] = area
        n = len(files)
        videos.append(dict(width=cfg.width, length=n, file_names=files,
                           height=cfg.height, id=vid_id))
        for track in tracks.values():
            for key in ('segmentations', 'bboxes', 'areas'):
                track[key] = [track[key].get(t) for t in range(n)]
            track['length'] = n
            track['id'] = len(annotations) + 1
            annotations.append(track)
    path = osp.join(out_root, f'{split}.json')
    info = dict(description='mmtrack_unsup synthetic YouTube-VIS 2019')
    if domain is not None and not domain.is_identity:
        info['video_domain'] = asdict(domain)
    dump_json_atomic(dict(info=info,
                          licenses=[], videos=videos, categories=categories,
                          annotations=annotations), path)
    return path


def write_coco_images(out_root: str, split: str, num_images: int, seed: int,
                      cfg: SceneConfig, min_area: int = 20,
                      progress: bool = True) -> str:
    """Write ``num_images`` independent labeled images; image ``k`` is a
    random moment (after a short warm-up) of the scene seeded by
    ``(seed, k)``."""
    categories = coco2017_categories()
    cat_id = _category_ids(
        categories, {shape: YTVIS2019_COCO_OVERLAP[name]
                     for shape, name in SHAPE_CATEGORIES.items()})

    def last_frame(cfg, seed, warmup):
        *_, frame = simulate(cfg, seed, num_frames=warmup)
        return frame

    def annotate(frame):
        for obj, mask, _, _ in _visible_instances(frame, min_area):
            ann = polygon_annotation(mask)
            if ann is not None:
                yield dict(ann, category_id=cat_id[obj.category])

    return write_coco_file(out_root, split, num_images, seed, cfg,
                           last_frame, annotate, 'instances', categories,
                           'mmtrack_unsup synthetic COCO 2017', progress)
