"""MOTChallenge folders -> CocoVID json (ground truth and public detections).

For every subset the converter writes two files next to each other:

* ``{subset}_cocoformat.json``: ``videos``, ``images`` (with ``video_id``,
  0-based ``frame_id`` and the benchmark's ``mot_frame_id``) and, where
  ``gt/gt.txt`` exists, ``annotations`` with ``instance_id``, ``mot_conf``,
  ``visibility`` and the MOT class as ``category_id``, i.e. the fields mmdet's
  ``MOTChallengeDataset`` and ``MOTChallengeMetric`` read.
* ``{subset}_detections.json``: the same ``videos``/``images`` and one
  annotation per public detection with its ``score``; every video records its
  ``detector`` (DPM, FRCNN, SDP for MOT17).

``half-train``/``half-val`` split every training sequence in two at
``len // 2 + 1``, exactly as mmdet's own ``mot2coco.py``.

Both files carry ``info.subset``: the synthetic corpus and KITTI reuse
sequence names across splits, so frame names alone cannot tell a ``train``
detection file from a ``test`` one; :class:`PublicDetVideoDataset` compares
the two.

The output folder is checked before any sequence is read, and all files of
one call are written together or not at all.
"""
import os
import os.path as osp
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from mmtrack_unsup.datasets.formats.mot_challenge import (SeqInfo,
                                                          read_mot_txt,
                                                          read_seqinfo)
from mmtrack_unsup.utils import (DataFormatError, SkipCounter,
                                 check_output_dir, dump_jsons_atomic)
from mmtrack_unsup.utils.progress import track_iter
from .verify import verify_image

MOT_CLASSES = [
    dict(id=1, name='pedestrian'),
    dict(id=2, name='person_on_vehicle'),
    dict(id=3, name='car'),
    dict(id=4, name='bicycle'),
    dict(id=5, name='motorbike'),
    dict(id=6, name='non_mot_vehicle'),
    dict(id=7, name='static_person'),
    dict(id=8, name='distractor'),
    dict(id=9, name='occluder'),
    dict(id=10, name='occluder_on_ground'),
    dict(id=11, name='occluder_full'),
    dict(id=12, name='reflection'),
    dict(id=13, name='crowd')
]
KNOWN_DETECTORS = ('DPM', 'FRCNN', 'SDP')


def detector_name(seq_name: str) -> str:
    """``MOT17-02-FRCNN`` -> ``FRCNN``; sequences without a suffix -> the last
    dash-separated token (e.g. ``SIM`` for synthetic ``SYN-01-SIM``)."""
    token = seq_name.rsplit('-', 1)[-1]
    return token if not token.isdigit() else 'public'


def _frame_files(seq_dir: str, info: SeqInfo, verify_images: bool
                 ) -> List[str]:
    """The ``seqLength`` frame names; a missing or unreadable one, or one of
    another size than ``seqinfo.ini``'s ``imWidth`` x ``imHeight`` (every
    frame with ``verify_images``, else the first), is an error: boxes are
    checked and scaled against that size."""
    names = [f'{i:06d}{info.im_ext}' for i in range(1, info.seq_length + 1)]
    img_dir = osp.join(seq_dir, info.im_dir)
    if not osp.isdir(img_dir):
        raise DataFormatError(img_dir, 'frame folder missing (imDir in '
                              'seqinfo.ini)')
    present = set(os.listdir(img_dir))
    for name in names:
        path = osp.join(img_dir, name)
        if name not in present:
            raise DataFormatError(
                path, f'frame missing (seqLength={info.seq_length})')
        if verify_images or name == names[0]:
            height, width = verify_image(path)
            if (width, height) != (info.width, info.height):
                raise DataFormatError(
                    path, f'frame is {width}x{height}, seqinfo.ini says '
                    f'imWidth={info.width} imHeight={info.height}' + (
                        '' if name == names[0] else
                        f' (and frame {names[0]} is that size)'))
    return names


class _CocoVidBuilder:
    """Accumulates a CocoVID dict with globally unique ids."""

    def __init__(self, categories: List[dict], subset: str) -> None:
        self.out = dict(info=dict(subset=subset), videos=[], images=[],
                        annotations=[], categories=categories)
        self.next_ann_id = 1

    def add_annotation(self, ann: dict) -> None:
        ann['id'] = self.next_ann_id
        self.next_ann_id += 1
        self.out['annotations'].append(ann)


def build_mot_subset(split_dir: str,
                     subset: str,
                     detectors: Optional[Sequence[str]] = None,
                     verify_images: bool = True,
                     skips: Optional[SkipCounter] = None,
                     progress: bool = True) -> Tuple[dict, dict]:
    """Read one subset of a MOTChallenge split folder.

    Args:
        split_dir (str): ``MOT17/train`` or ``MOT17/test``.
        subset (str): ``train``, ``test``, ``half-train`` or ``half-val``;
            names the output files.
        detectors (Sequence[str], optional): Keep only sequences whose
            detector suffix is listed (MOT17's three variants share frames
            and ground truth). Defaults to all.
        verify_images (bool): Decode every frame to catch unreadable files.
        skips (SkipCounter, optional): Receives skipped records.
        progress (bool): Show a progress bar.

    Returns:
        tuple[dict, dict]: The ground-truth and the detections CocoVID dicts.
    """
    if not osp.isdir(split_dir):
        raise DataFormatError(split_dir, 'MOTChallenge split folder missing')
    skips = skips if skips is not None else SkipCounter()
    seq_names = sorted(d for d in os.listdir(split_dir)
                       if osp.isdir(osp.join(split_dir, d)))
    if detectors:
        seq_names = [s for s in seq_names if detector_name(s) in detectors]
    if not seq_names:
        raise DataFormatError(split_dir, 'no sequence folders found'
                              + (f' for detectors {list(detectors)}'
                                 if detectors else ''))
    gt = _CocoVidBuilder(MOT_CLASSES, subset)
    dets = _CocoVidBuilder([MOT_CLASSES[0]], subset)
    img_id, next_instance = 1, 0
    for vid_id, seq in enumerate(
            track_iter(seq_names, f'{subset}: sequences', progress), 1):
        seq_dir = osp.join(split_dir, seq)
        info = read_seqinfo(seq_dir)
        if info.name != seq:
            raise DataFormatError(
                osp.join(seq_dir, 'seqinfo.ini'),
                f'name {info.name!r} differs from folder {seq!r}',
                field='name')
        frames = _frame_files(seq_dir, info, verify_images)
        mot_frames = list(range(1, info.seq_length + 1))
        if subset.startswith('half'):
            cut = info.seq_length // 2 + 1
            keep = slice(0, cut) if subset == 'half-train' else slice(cut, None)
            frames, mot_frames = frames[keep], mot_frames[keep]
        gt_file = osp.join(seq_dir, 'gt', 'gt.txt')
        is_mot15 = 'MOT15' in osp.abspath(seq_dir)
        gts = (read_mot_txt(gt_file, 'gt', info, skips,
                            has_extra_columns=not is_mot15)
               if osp.isfile(gt_file) else {})
        det_file = osp.join(seq_dir, 'det', 'det.txt')
        public = (read_mot_txt(det_file, 'det', info, skips)
                  if osp.isfile(det_file) else {})
        if not public:
            skips.skip('sequence without public detections', det_file)
        video = dict(id=vid_id, name=seq, fps=info.frame_rate,
                     width=info.width, height=info.height,
                     detector=detector_name(seq))
        gt.out['videos'].append(video)
        dets.out['videos'].append(dict(video))
        instance_map: Dict[int, int] = {}
        for frame_id, (name, mot_frame) in enumerate(zip(frames, mot_frames)):
            image = dict(id=img_id, video_id=vid_id,
                         file_name=osp.join(seq, info.im_dir, name),
                         height=info.height, width=info.width,
                         frame_id=frame_id, mot_frame_id=mot_frame)
            gt.out['images'].append(image)
            dets.out['images'].append(dict(image))
            for rec in gts.get(mot_frame, []):
                if rec.track_id not in instance_map:
                    instance_map[rec.track_id] = next_instance
                    next_instance += 1
                gt.add_annotation(dict(
                    image_id=img_id, video_id=vid_id,
                    category_id=rec.category_id, bbox=rec.bbox,
                    area=rec.bbox[2] * rec.bbox[3], iscrowd=False,
                    visibility=rec.visibility, mot_instance_id=rec.track_id,
                    mot_conf=rec.conf, instance_id=instance_map[rec.track_id]))
            for rec in public.get(mot_frame, []):
                dets.add_annotation(dict(
                    image_id=img_id, video_id=vid_id, category_id=1,
                    bbox=rec.bbox, area=rec.bbox[2] * rec.bbox[3],
                    iscrowd=False, score=rec.conf))
            img_id += 1
    gt.out['num_instances'] = next_instance
    return gt.out, dets.out


def _output_paths(out_dir: str, subset: str) -> Dict[str, str]:
    return dict(gt=osp.join(out_dir, f'{subset}_cocoformat.json'),
                detections=osp.join(out_dir, f'{subset}_detections.json'))


def convert_mot_subset(split_dir: str, subset: str, out_dir: str,
                       **kwargs) -> Dict[str, str]:
    """Convert one subset (see :func:`build_mot_subset` for the arguments)
    into ``out_dir``; returns ``{'gt': path, 'detections': path}``."""
    check_output_dir(out_dir)
    gt, dets = build_mot_subset(split_dir, subset, **kwargs)
    paths = _output_paths(out_dir, subset)
    dump_jsons_atomic({paths['gt']: gt, paths['detections']: dets})
    return paths


MOT_SUBSETS = ('train', 'test', 'half-train', 'half-val')


def convert_mot(mot_root: str,
                out_dir: str,
                subsets: Iterable[str] = ('train', 'test'),
                **kwargs) -> Dict[str, Dict[str, str]]:
    """Convert several subsets; ``half-*`` subsets read the ``train`` folder.
    A subset whose split folder is absent (e.g. no ``test``) is skipped.

    Every subset is read before anything is written, so a bad ``test``
    sequence leaves the old ``train_*`` files in place too. Once the new
    files are in place, the files an earlier call wrote for subsets this
    call did not (e.g. ``half-*`` of a run with ``--split-train``) are
    removed: the folder then holds one conversion, never a training split
    of older data beside newer ones."""
    check_output_dir(out_dir)
    written, outputs = {}, {}
    for subset in subsets:
        folder = 'train' if subset.startswith('half') else subset
        split_dir = osp.join(mot_root, folder)
        if not osp.isdir(split_dir) and subset == 'test':
            continue
        gt, dets = build_mot_subset(split_dir, subset, **kwargs)
        written[subset] = paths = _output_paths(out_dir, subset)
        outputs[paths['gt']] = gt
        outputs[paths['detections']] = dets
    dump_jsons_atomic(outputs)
    for subset in MOT_SUBSETS:
        if subset not in written:
            for stale in _output_paths(out_dir, subset).values():
                if osp.isfile(stale):
                    os.remove(stale)
    return written
