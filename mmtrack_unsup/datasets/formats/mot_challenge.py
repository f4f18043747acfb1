"""Readers for the MOTChallenge folder layout (MOT15/16/17/20).

A sequence folder holds ``seqinfo.ini``, ``img1/`` (frames), ``det/det.txt``
(public detections) and, for training sequences, ``gt/gt.txt``. Rows are
``frame, id, x, y, w, h, conf, ...`` with 1-based frame numbers; see
https://motchallenge.net/instructions/.

Malformed lines raise :class:`DataFormatError` naming the file and line.
Records that are well formed but unusable (a box with non-positive size, a
box entirely outside the frame, a NaN score) are skipped and counted in a
:class:`SkipCounter`, so the caller can report them.
"""
import configparser
import math
import os.path as osp
from dataclasses import dataclass
from typing import Dict, List, Optional

from mmtrack_unsup.utils import DataFormatError, SkipCounter


@dataclass
class SeqInfo:
    """The ``[Sequence]`` section of a MOTChallenge ``seqinfo.ini``."""
    name: str
    im_dir: str
    frame_rate: float
    seq_length: int
    width: int
    height: int
    im_ext: str


@dataclass
class MOTRecord:
    """One row of ``gt.txt`` or ``det.txt``; ``bbox`` is (x, y, w, h)."""
    frame: int
    track_id: int
    bbox: List[float]
    conf: float
    category_id: int = 1
    visibility: float = 1.0


_SEQINFO_FIELDS = dict(
    name=('name', str),
    im_dir=('imDir', str),
    frame_rate=('frameRate', float),
    seq_length=('seqLength', int),
    width=('imWidth', int),
    height=('imHeight', int),
    im_ext=('imExt', str))


def read_seqinfo(seq_dir: str) -> SeqInfo:
    """Read ``seq_dir/seqinfo.ini``; missing file or field is an error."""
    path = osp.join(seq_dir, 'seqinfo.ini')
    if not osp.isfile(path):
        raise DataFormatError(path, 'missing; every MOTChallenge sequence '
                              'folder needs a seqinfo.ini')
    parser = configparser.ConfigParser()
    parser.optionxform = str  # keys are camelCase in the benchmark files
    try:
        parser.read(path)
    except configparser.Error as e:
        raise DataFormatError(path, f'cannot parse ({e})') from e
    if 'Sequence' not in parser:
        raise DataFormatError(path, 'no [Sequence] section')
    section = parser['Sequence']
    values = {}
    for attr, (key, cast) in _SEQINFO_FIELDS.items():
        if key not in section:
            raise DataFormatError(path, 'missing field', field=key)
        try:
            values[attr] = cast(section[key])
        except ValueError as e:
            raise DataFormatError(
                path, f'{section[key]!r} is not {cast.__name__}',
                field=key) from e
    info = SeqInfo(**values)
    for attr in ('seq_length', 'width', 'height'):
        if getattr(info, attr) <= 0:
            raise DataFormatError(
                path, 'must be positive', field=_SEQINFO_FIELDS[attr][0])
    return info


def _is_integer(value: float) -> bool:
    """A finite float with no fraction (``int(nan)`` would raise unlocated)."""
    return math.isfinite(value) and value == int(value)


def read_mot_txt(path: str,
                 kind: str,
                 seq_info: Optional[SeqInfo] = None,
                 skips: Optional[SkipCounter] = None,
                 has_extra_columns: bool = True) -> Dict[int, List[MOTRecord]]:
    """Read a ``gt.txt`` (``kind='gt'``) or ``det.txt`` (``kind='det'``).

    Args:
        path (str): The text file.
        kind (str): ``'gt'`` or ``'det'``.
        seq_info (SeqInfo, optional): Used to check frame numbers and to skip
            boxes entirely outside the image.
        skips (SkipCounter, optional): Receives the skipped records.
        has_extra_columns (bool): ``False`` for MOT15 ground truth, which has
            no class/visibility columns. Defaults to True.

    Returns:
        dict[int, list[MOTRecord]]: Records by 1-based frame number. Frames
        without records are absent (a frame with zero detections is valid).
    """
    assert kind in ('gt', 'det'), kind
    if not osp.isfile(path):
        raise DataFormatError(path, f'missing {kind} file')
    skips = skips if skips is not None else SkipCounter()
    min_cols = 9 if (kind == 'gt' and has_extra_columns) else 7
    out: Dict[int, List[MOTRecord]] = {}
    first_line: Dict[tuple, int] = {}  # (frame, id) -> line, ground truth
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            cols = line.replace(' ', '').split(',')
            if len(cols) < min_cols:
                raise DataFormatError(
                    path, f'expected at least {min_cols} comma-separated '
                    f'columns, got {len(cols)}: {line!r}', line=lineno)
            try:
                values = [float(c) for c in cols[:min_cols]]
            except ValueError as e:
                raise DataFormatError(path, f'non-numeric value ({e})',
                                      line=lineno) from e
            frame, track_id = values[0], values[1]
            if not _is_integer(frame) or frame < 1:
                raise DataFormatError(path, f'frame {cols[0]} is not a '
                                      'positive integer', line=lineno,
                                      field='frame')
            if not _is_integer(track_id):
                raise DataFormatError(path, f'id {cols[1]} is not an integer',
                                      line=lineno, field='id')
            if seq_info is not None and frame > seq_info.seq_length:
                raise DataFormatError(
                    path, f'frame {int(frame)} is beyond seqLength='
                    f'{seq_info.seq_length}', line=lineno)
            where = f'{path}:{lineno}'
            x, y, w, h = values[2:6]
            if not all(math.isfinite(v) for v in (x, y, w, h)):
                skips.skip(f'{kind}: non-finite box', where)
                continue
            if w <= 0 or h <= 0:
                skips.skip(f'{kind}: box with non-positive size', where)
                continue
            if seq_info is not None and (x + w <= 0 or y + h <= 0
                                         or x >= seq_info.width
                                         or y >= seq_info.height):
                skips.skip(f'{kind}: box entirely outside the image', where)
                continue
            conf = values[6]
            if not math.isfinite(conf):
                skips.skip(f'{kind}: NaN/inf score', where)
                continue
            record = MOTRecord(
                frame=int(frame), track_id=int(track_id), bbox=[x, y, w, h],
                conf=conf)
            if kind == 'gt' and has_extra_columns:
                if not _is_integer(values[7]):
                    raise DataFormatError(path, f'class {cols[7]} is not an '
                                          'integer', line=lineno,
                                          field='class')
                if not 0 <= values[8] <= 1:  # also rejects NaN
                    raise DataFormatError(path, f'visibility {cols[8]} is not '
                                          'in [0, 1]', line=lineno,
                                          field='visibility')
                record.category_id = int(values[7])
                record.visibility = values[8]
            if kind == 'gt':  # TrackEval stops on an id twice in a frame
                key = (record.frame, record.track_id)
                if key in first_line:
                    raise DataFormatError(
                        path, f'frame {key[0]} has id {key[1]} twice (lines '
                        f'{first_line[key]} and {lineno}): one object per '
                        'id and frame', line=lineno, field='id')
                first_line[key] = lineno
            out.setdefault(record.frame, []).append(record)
    return out


def write_mot_txt(f, records: List[MOTRecord], kind: str) -> None:
    """Write records in the MOTChallenge text format to an open file:
    ``kind`` ``'gt'``, ``'det'`` (id -1) or ``'track'`` (a tracker's
    result: ``frame, id, x, y, w, h, score, -1, -1, -1``)."""
    for r in records:
        x, y, w, h = r.bbox
        if kind == 'track':
            f.write(f'{r.frame},{r.track_id},{x:.2f},{y:.2f},{w:.2f},'
                    f'{h:.2f},{r.conf:.4f},-1,-1,-1\n')
        elif kind == 'gt':
            f.write(f'{r.frame},{r.track_id},{x:.2f},{y:.2f},{w:.2f},{h:.2f},'
                    f'{r.conf:g},{r.category_id},{r.visibility:.4f}\n')
        else:
            f.write(f'{r.frame},-1,{x:.2f},{y:.2f},{w:.2f},{h:.2f},'
                    f'{r.conf:.4f},-1,-1,-1\n')


def write_seqinfo(f, info: SeqInfo) -> None:
    """Write a ``seqinfo.ini`` in the benchmark's own key order."""
    f.write('[Sequence]\n')
    for attr, (key, _) in _SEQINFO_FIELDS.items():
        value = getattr(info, attr)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        f.write(f'{key}={value}\n')
