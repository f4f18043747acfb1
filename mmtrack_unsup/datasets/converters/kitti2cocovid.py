"""KITTI tracking (``training/{image_02,label_02}``) -> CocoVID json.

The ground-truth json keeps **every** KITTI object type as a category, with
the devkit's ``truncated``/``occluded`` levels, and ``DontCare`` regions as
``iscrowd`` annotations: evaluation (:class:`KittiTrackingMetric`) rebuilds
the devkit label files from it and needs the distractor classes (Van for Car,
Person_sitting for Pedestrian) and DontCare regions. Datasets load only the
tracked classes through ``metainfo=dict(classes=...)``.

Detections from any detector, written as KITTI label files
(``DET_DIR/SEQ.txt`` with a score column), become ``{subset}_detections.json``
restricted to the tracked classes.

In ``training`` every sequence must have its label file and every label file
its frames: a missing one is an error, not empty ground truth. Both files
carry ``info.subset`` (KITTI numbers the sequences of both splits from 0000,
so the names cannot tell them apart). The output folder is checked first,
and the files are written together or not at all.
"""
import os
import os.path as osp
from typing import Dict, Optional, Sequence

import cv2

from mmtrack_unsup.datasets.formats.kitti_tracking import (KITTI_TYPES,
                                                           read_kitti_labels)
from mmtrack_unsup.utils import (DataFormatError, SkipCounter,
                                 check_output_dir, dump_jsons_atomic)
from mmtrack_unsup.utils.progress import track_iter
from .verify import verify_image

KITTI_CATEGORIES = [dict(id=i, name=name) for i, name in
                    enumerate(KITTI_TYPES, 1)]
_CAT_ID = {c['name']: c['id'] for c in KITTI_CATEGORIES}


def convert_kitti(kitti_root: str,
                  out_dir: str,
                  subset: str = 'training',
                  det_dir: Optional[str] = None,
                  classes: Sequence[str] = ('Car', 'Pedestrian'),
                  sequences: Optional[Sequence[str]] = None,
                  verify_images: bool = True,
                  skips: Optional[SkipCounter] = None,
                  progress: bool = True) -> Dict[str, str]:
    """Convert one KITTI tracking split.

    Args:
        kitti_root (str): Folder holding ``training/`` (and ``testing/``).
        out_dir (str): Where ``{subset}_cocoformat.json`` (and
            ``{subset}_detections.json`` when ``det_dir`` is given) go.
        subset (str): ``training`` or ``testing``.
        det_dir (str, optional): KITTI-format detection files per sequence.
        classes (Sequence[str]): Tracked classes kept in the detections.
        sequences (Sequence[str], optional): Sequence names (``0000``) to
            convert; defaults to all folders under ``image_02``.
        verify_images (bool): Decode every frame to catch unreadable files.
        skips (SkipCounter, optional): Receives skipped records.
        progress (bool): Show a progress bar.
    """
    for c in classes:
        if c not in KITTI_TYPES or c == 'DontCare':
            raise ValueError(f'class {c!r} is not a KITTI object type')
    skips = skips if skips is not None else SkipCounter()
    img_root = osp.join(kitti_root, subset, 'image_02')
    label_root = osp.join(kitti_root, subset, 'label_02')
    if not osp.isdir(img_root):
        raise DataFormatError(img_root, 'KITTI image_02 folder missing')
    check_output_dir(out_dir)
    seqs = sorted(sequences or [d for d in os.listdir(img_root)
                                if osp.isdir(osp.join(img_root, d))])
    if not seqs:
        raise DataFormatError(img_root, 'no sequence folders found')
    has_labels = subset == 'training'
    if has_labels and not sequences and osp.isdir(label_root):
        for name in sorted(os.listdir(label_root)):
            seq = osp.splitext(name)[0]
            if name.endswith('.txt') and seq not in seqs:
                raise DataFormatError(
                    osp.join(label_root, name), f'labels sequence {seq} but '
                    f'{osp.join(img_root, seq)} has no frames')
    gt = dict(info=dict(subset=subset), videos=[], images=[], annotations=[],
              categories=KITTI_CATEGORIES)
    det_cats = [dict(id=_CAT_ID[c], name=c) for c in classes]
    dets = dict(info=dict(subset=subset), videos=[], images=[],
                annotations=[], categories=det_cats)
    img_id, ann_id, det_id, next_instance = 1, 1, 1, 0
    for vid_id, seq in enumerate(
            track_iter(seqs, f'{subset}: sequences', progress), 1):
        seq_dir = osp.join(img_root, seq)
        if not osp.isdir(seq_dir):
            raise DataFormatError(seq_dir, 'sequence folder missing')
        frames = sorted(f for f in os.listdir(seq_dir)
                        if f.endswith(('.png', '.jpg')))
        if not frames:
            raise DataFormatError(seq_dir, 'no frames')
        for i, name in enumerate(frames):
            stem = osp.splitext(name)[0]
            if not stem.isdigit():
                raise DataFormatError(
                    osp.join(seq_dir, name), 'not a KITTI frame name (6 '
                    'digits, e.g. 000000.png); remove it from the folder')
            if int(stem) != i:
                raise DataFormatError(
                    osp.join(seq_dir, name),
                    f'frame numbers must run 0..{len(frames) - 1} without '
                    f'gaps; expected {i:06d}')
        first = osp.join(seq_dir, frames[0])
        verify_image(first)
        height, width = cv2.imread(first).shape[:2]
        if verify_images:
            for name in frames[1:]:
                verify_image(osp.join(seq_dir, name))
        label_file = osp.join(label_root, f'{seq}.txt')
        if has_labels and not osp.isfile(label_file):
            raise DataFormatError(label_file, 'missing: every training '
                                  'sequence needs its label file (a '
                                  'sequence without objects has an empty '
                                  'one)')
        labels = read_kitti_labels(label_file, skips) if has_labels else {}
        det_labels = None
        if det_dir is not None:
            det_labels = read_kitti_labels(
                osp.join(det_dir, f'{seq}.txt'), skips, require_score=True)
        video = dict(id=vid_id, name=seq, width=width, height=height,
                     fps=10, detector=osp.basename(osp.normpath(det_dir))
                     if det_dir else None)
        gt['videos'].append(video)
        dets['videos'].append(dict(video))
        instance_map: Dict[int, int] = {}
        if labels and max(labels) >= len(frames):
            raise DataFormatError(
                label_file, f'labels frame {max(labels)} but the sequence '
                f'has {len(frames)} frames')
        for frame_id, name in enumerate(frames):
            image = dict(id=img_id, video_id=vid_id, frame_id=frame_id,
                         file_name=osp.join(seq, name), width=width,
                         height=height)
            gt['images'].append(image)
            dets['images'].append(dict(image))
            for rec in labels.get(frame_id, []):
                x1, y1, x2, y2 = rec.bbox
                ann = dict(id=ann_id, image_id=img_id, video_id=vid_id,
                           category_id=_CAT_ID[rec.type],
                           bbox=[x1, y1, x2 - x1, y2 - y1],
                           area=(x2 - x1) * (y2 - y1),
                           iscrowd=rec.type == 'DontCare',
                           truncated=int(rec.truncated),
                           occluded=rec.occluded,
                           kitti_track_id=rec.track_id,
                           mot_conf=1.0, visibility=1.0)
                if rec.type != 'DontCare':
                    if rec.track_id not in instance_map:
                        instance_map[rec.track_id] = next_instance
                        next_instance += 1
                    ann['instance_id'] = instance_map[rec.track_id]
                else:
                    ann['instance_id'] = -1
                gt['annotations'].append(ann)
                ann_id += 1
            for rec in (det_labels or {}).get(frame_id, []):
                if rec.type not in classes:
                    continue
                x1, y1, x2, y2 = rec.bbox
                dets['annotations'].append(dict(
                    id=det_id, image_id=img_id, video_id=vid_id,
                    category_id=_CAT_ID[rec.type],
                    bbox=[x1, y1, x2 - x1, y2 - y1],
                    area=(x2 - x1) * (y2 - y1), iscrowd=False,
                    score=rec.score))
                det_id += 1
            img_id += 1
    gt['num_instances'] = next_instance
    paths = dict(gt=osp.join(out_dir, f'{subset}_cocoformat.json'))
    outputs = {paths['gt']: gt}
    if det_dir is not None:
        paths['detections'] = osp.join(out_dir, f'{subset}_detections.json')
        outputs[paths['detections']] = dets
    dump_jsons_atomic(outputs)
    return paths
