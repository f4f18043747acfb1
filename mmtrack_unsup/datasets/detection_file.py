"""Reading the ``*_detections.json`` files our converters write: CocoVID
``videos``/``images``/``annotations``, one annotation per detection with a
``score``, and ``info.subset`` naming the split the frames belong to."""
import json
import math
import numbers
import os.path as osp
import re
from typing import Optional, Sequence, Tuple

from mmtrack_unsup.utils import DataFormatError, load_json


def load_detection_file(path: str,
                        keys: Sequence[str] = ('videos', 'images',
                                               'annotations')) -> dict:
    """Load ``path`` and check it has the top-level ``keys``."""
    dets = load_json(path)
    for key in keys:
        if not isinstance(dets, dict) or key not in dets:
            raise DataFormatError(path, 'not a CocoVID detection file: '
                                  f'no {key!r}', field=key)
    return dets


def file_subset(data: dict) -> Optional[str]:
    """The split a converted json records in ``info.subset`` (None for files
    from other tools)."""
    info = data.get('info')
    return info.get('subset') if isinstance(info, dict) else None


def file_subset_from_head(path: str, head_bytes: int = 4096
                          ) -> Optional[str]:
    """:func:`file_subset` of a large json without parsing all of it: our
    converters write ``info`` as the first key. None when the file does not
    start with it (a file from another tool)."""
    with open(path, 'rb') as f:
        head = f.read(head_bytes).decode('utf-8', errors='replace')
    match = re.match(r'\s*\{\s*"info"\s*:\s*(\{[^{}]*\})', head)
    if match is None:
        return None
    try:
        return file_subset(dict(info=json.loads(match.group(1))))
    except json.JSONDecodeError:
        return None


def is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def read_detection(ann: dict, path: str, index: int,
                   keys: Sequence[str] = ('image_id', 'bbox', 'score')
                   ) -> Tuple[float, float, float, float, float]:
    """``(x1, y1, x2, y2, score)`` of ``annotations[index]``.

    A missing key, a ``bbox`` that is not 4 finite numbers or a ``score``
    that is not a number raises :class:`DataFormatError` naming the file,
    the record and the field. A NaN score is returned as is: callers skip
    and count it, as the converters do.
    """
    where = f'annotations[{index}]'
    for key in keys:
        if key not in ann:
            raise DataFormatError(path, f'missing {key!r}', field=where)
    bbox, score = ann['bbox'], ann['score']
    if not (isinstance(bbox, list) and len(bbox) == 4 and all(
            is_number(v) and math.isfinite(v) for v in bbox)):
        raise DataFormatError(path, f'bbox must be 4 finite numbers [x, y, '
                              f'w, h], got {bbox!r}', field=f'{where}.bbox')
    if not is_number(score):
        raise DataFormatError(path, f'score must be a number, got {score!r}',
                              field=f'{where}.score')
    x, y, w, h = bbox
    return x, y, x + w, y + h, float(score)


def box_problem(x1: float, y1: float, x2: float, y2: float,
                width: Optional[float] = None,
                height: Optional[float] = None) -> Optional[str]:
    """Why a detection box ``(x1, y1, x2, y2)`` cannot be used, or None: no
    area, or (frame size given) entirely outside the frame, e.g. a box at
    1e30 written by a broken detector. The reasons are those under which
    the MOT reader skips and counts a ``det.txt`` line."""
    if not (x2 > x1 and y2 > y1):
        return 'box with non-positive size'
    if width is not None and height is not None and (
            x2 <= 0 or y2 <= 0 or x1 >= width or y1 >= height):
        return 'box entirely outside the frame'
    return None


# the suffix a refined file carries before .json
REFINEMENTS = ('tracktor', )


def refined_detection_name(path: str, refinement: str) -> str:
    """``X_detections.json`` -> ``X_detections_<refinement>.json``."""
    if refinement not in REFINEMENTS:
        raise ValueError(f'public_det_refinement must be None or one of '
                         f'{REFINEMENTS}, got {refinement!r}')
    root, ext = osp.splitext(path)
    return f'{root}_{refinement}{ext}'


def refined_detection_path(path: str, refinement: Optional[str]) -> str:
    """The file a dataset reads for ``refinement`` of ``path``:
    ``X_detections.json`` -> ``X_detections_tracktor.json``; ``path`` itself
    for ``None``. A refined file that is missing is an error naming the
    command that writes it."""
    if refinement is None:
        return path
    out = refined_detection_name(path, refinement)
    if not osp.isfile(out):
        raise FileNotFoundError(
            f'{out}: the {refinement}-refined detections of {path} are '
            'missing; write them with tools/dataset_converters/'
            f'refine_detections.py {path} --img-root IMAGE_ROOT '
            '--det-config CONFIG --det-checkpoint CHECKPOINT')
    return out
