"""KITTI tracking ships no detections; paper A tracked the boxes of a
COCO-trained detector (YOLOv5, Sec. 5). This writes any mmdet detector's
boxes as KITTI detection files (one ``SEQ.txt`` per sequence, the label
format with a score column), which ``kitti2cocovid.py --det-dir`` reads."""
import os
import os.path as osp
from typing import Callable, Dict, Optional, Sequence

import cv2

from mmtrack_unsup.utils import DataFormatError, atomic_open
from mmtrack_unsup.utils.progress import track_iter
from ..formats.kitti_tracking import KITTI_TYPES, format_kitti_line

# COCO's names of KITTI's tracked types (what a COCO detector calls them)
COCO_TO_KITTI = {'car': 'Car', 'person': 'Pedestrian'}


def write_kitti_detections(kitti_root: str, subset: str, out_dir: str,
                           detector: Callable, kitti_types: Sequence[str],
                           sequences: Optional[Sequence[str]] = None,
                           progress: bool = True) -> Dict[str, int]:
    """Detect every frame of ``kitti_root/subset/image_02/SEQ`` and write
    ``out_dir/SEQ.txt``.

    Args:
        detector (Callable): ``detector(img, frame) -> FrameDetections``
            whose label ``i`` is ``kitti_types[i]``
            (:class:`MMDetFrameDetector` with ``classes`` in that order).
        kitti_types (Sequence[str]): The KITTI type of each label.

    Returns:
        dict: detections written per sequence.
    """
    for t in kitti_types:
        if t not in KITTI_TYPES or t == 'DontCare':
            raise ValueError(f'{t!r} is not a KITTI object type')
    img_root = osp.join(kitti_root, subset, 'image_02')
    if not osp.isdir(img_root):
        raise DataFormatError(img_root, 'KITTI image_02 folder missing')
    seqs = sorted(sequences or [d for d in os.listdir(img_root)
                                if osp.isdir(osp.join(img_root, d))])
    os.makedirs(out_dir, exist_ok=True)
    counts = {}
    for seq in track_iter(seqs, f'{subset}: sequences', progress):
        seq_dir = osp.join(img_root, seq)
        frames = sorted(f for f in os.listdir(seq_dir)
                        if f.endswith(('.png', '.jpg')))
        lines = []
        for name in frames:
            frame = int(osp.splitext(name)[0])
            img = cv2.imread(osp.join(seq_dir, name))
            if img is None:
                raise DataFormatError(osp.join(seq_dir, name),
                                      'cannot read the image')
            dets = detector(img, frame)
            for box, score, label in zip(dets.bboxes, dets.scores,
                                         dets.labels):
                lines.append(format_kitti_line(
                    frame, -1, kitti_types[int(label)],
                    [float(v) for v in box], float(score)))
        # one file per sequence, whole or not at all
        with atomic_open(osp.join(out_dir, f'{seq}.txt')) as f:
            f.writelines(lines)
        counts[seq] = len(lines)
    return counts
