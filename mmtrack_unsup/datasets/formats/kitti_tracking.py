"""Reader and writer for KITTI tracking label files (``label_02/SEQ.txt``).

Each line is ``frame track_id type truncated occluded alpha x1 y1 x2 y2 h w l
x y z rotation_y [score]`` with 0-based frames (see the devkit of the KITTI
tracking benchmark). Detections from any detector use the same format with
``track_id = -1`` and the score column. ``DontCare`` rows mark regions where
predictions are neither rewarded nor punished; they are kept for evaluation.
"""
import math
import os.path as osp
from dataclasses import dataclass
from typing import Dict, List, Optional

from mmtrack_unsup.utils import DataFormatError, SkipCounter

KITTI_TYPES = ('Car', 'Van', 'Truck', 'Pedestrian', 'Person_sitting',
               'Cyclist', 'Tram', 'Misc', 'DontCare')


@dataclass
class KittiRecord:
    """One object of one frame; ``bbox`` is (x1, y1, x2, y2) in pixels."""
    frame: int
    track_id: int
    type: str
    truncated: float
    occluded: int
    bbox: List[float]
    score: float = 1.0


def read_kitti_labels(path: str,
                      skips: Optional[SkipCounter] = None,
                      require_score: bool = False
                      ) -> Dict[int, List[KittiRecord]]:
    """Read a KITTI tracking label (or detection) file.

    Args:
        path (str): ``label_02/SEQ.txt`` or a detection file in that format.
        skips (SkipCounter, optional): Receives skipped records (boxes with
            non-positive size, NaN scores).
        require_score (bool): Detection files must carry the 18th column.

    Returns:
        dict[int, list[KittiRecord]]: Records by 0-based frame number.
    """
    if not osp.isfile(path):
        raise DataFormatError(path, 'missing KITTI label file')
    skips = skips if skips is not None else SkipCounter()
    out: Dict[int, List[KittiRecord]] = {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            cols = line.split()
            if not cols:
                continue
            if len(cols) not in (17, 18) or (require_score and len(cols) != 18):
                need = '18' if require_score else '17 or 18'
                raise DataFormatError(
                    path, f'expected {need} space-separated columns, got '
                    f'{len(cols)}', line=lineno)
            if cols[2] not in KITTI_TYPES:
                raise DataFormatError(path, f'unknown object type {cols[2]!r}',
                                      line=lineno, field='type')
            try:
                frame, track_id = int(cols[0]), int(cols[1])
                truncated, occluded = float(cols[3]), int(float(cols[4]))
                bbox = [float(c) for c in cols[6:10]]
                score = float(cols[17]) if len(cols) == 18 else 1.0
            except ValueError as e:
                raise DataFormatError(path, f'non-numeric value ({e})',
                                      line=lineno) from e
            if frame < 0:
                raise DataFormatError(path, f'negative frame {frame}',
                                      line=lineno)
            where = f'{path}:{lineno}'
            if not all(math.isfinite(v) for v in bbox):
                skips.skip('kitti: non-finite box', where)
                continue
            if bbox[2] <= bbox[0] or bbox[3] <= bbox[1]:
                skips.skip('kitti: box with non-positive size', where)
                continue
            if not math.isfinite(score):
                skips.skip('kitti: NaN/inf score', where)
                continue
            out.setdefault(frame, []).append(
                KittiRecord(frame, track_id, cols[2], truncated, occluded,
                            bbox, score))
    return out


def format_kitti_line(frame: int, track_id: int, obj_type: str,
                      bbox: List[float], score: Optional[float] = None,
                      truncated: float = 0, occluded: int = 0) -> str:
    """One label line; 3-D fields are the devkit's 'unknown' values."""
    x1, y1, x2, y2 = bbox
    line = (f'{frame} {track_id} {obj_type} {truncated:g} {occluded:d} -10 '
            f'{x1:.2f} {y1:.2f} {x2:.2f} {y2:.2f} -1 -1 -1 -1000 -1000 -1000 '
            '-10')
    if score is not None:
        line += f' {score:.4f}'
    return line + '\n'
