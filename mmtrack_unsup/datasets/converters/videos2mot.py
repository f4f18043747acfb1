"""A user's unlabeled videos -> a MOTChallenge split folder with detections.

Each video (a file OpenCV reads, or a folder of frames) becomes
``split_dir/NAME/`` with ``img1/000001.jpg ...``, ``seqinfo.ini`` and
``det/det.txt`` from one of the three detection sources of
:mod:`mmtrack_unsup.datasets.video`; there is no ``gt/``. The folder
is then an ordinary MOTChallenge split: :func:`convert_mot_subset` turns it
into the detections json of :class:`UnlabeledClipDataset` (training) and
:class:`PublicDetVideoDataset` (tracking).

Every sequence is written under a temporary name and renamed when complete,
and records in ``source.json`` which video and which detector made it, so a
later call reuses a finished sequence and redoes one whose video or
detector changed.
"""
import json
import os
import os.path as osp
import shutil
from typing import Callable, Dict, List, Optional

import cv2

from mmtrack_unsup.datasets.video import (IMAGE_EXTENSIONS, FrameDetections,
                                          VideoSource, resolve_detector_spec)
from mmtrack_unsup.datasets.formats.mot_challenge import (MOTRecord, SeqInfo,
                                                          write_mot_txt,
                                                          write_seqinfo)
from mmtrack_unsup.utils import DataFormatError, check_output_dir
from mmtrack_unsup.utils.io import replace_dir
from mmtrack_unsup.utils.progress import track_iter
from .mot2cocovid import _output_paths, convert_mot_subset

VIDEO_EXTENSIONS = ('.avi', '.mp4', '.mov', '.mkv', '.webm', '.mpg',
                    '.mpeg', '.m4v', '.wmv', '.flv')


def written_paths(out_root: str, subset: str = 'train') -> Dict[str, str]:
    """The json paths :func:`videos_to_mot` writes under ``out_root``."""
    return _output_paths(osp.join(out_root, 'annotations'), subset)


def list_videos(video_dir: str) -> List[str]:
    """The video files and frame folders directly inside ``video_dir``,
    sorted by name."""
    if not osp.isdir(video_dir):
        raise DataFormatError(video_dir, 'video folder missing')
    paths = []
    for name in sorted(os.listdir(video_dir)):
        path = osp.join(video_dir, name)
        if name.startswith('.'):
            continue
        if osp.isfile(path) and name.lower().endswith(VIDEO_EXTENSIONS):
            paths.append(path)
        elif osp.isdir(path) and any(
                f.lower().endswith(IMAGE_EXTENSIONS)
                for f in os.listdir(path)):
            paths.append(path)
    if not paths:
        raise DataFormatError(video_dir, 'no video files '
                              f'({", ".join(VIDEO_EXTENSIONS)}) or frame '
                              'folders in this folder')
    return paths


def _source_record(video: str, detector_spec: dict) -> dict:
    stat = os.stat(video)
    return dict(video=osp.abspath(video), size=stat.st_size,
                mtime=stat.st_mtime,
                detector=resolve_detector_spec(detector_spec))


def write_video_sequence(source: VideoSource,
                         split_dir: str,
                         detector: Callable[..., FrameDetections],
                         detector_spec: dict,
                         name: Optional[str] = None,
                         progress: bool = True) -> str:
    """Write the video of ``source`` as ``split_dir/NAME`` (see the module docstring);
    returns the sequence folder. ``detector_spec`` (json-serialisable) says
    how ``detector`` was built, for the reuse check."""
    name = name or source.name
    final_dir = osp.join(split_dir, name)
    record = _source_record(source.path, detector_spec)
    record_path = osp.join(final_dir, 'source.json')
    if osp.isfile(record_path):
        with open(record_path) as f:
            if json.load(f) == record:
                return final_dir
    tmp_dir = osp.join(split_dir, f'.{name}.tmp')
    shutil.rmtree(tmp_dir, ignore_errors=True)
    os.makedirs(osp.join(tmp_dir, 'img1'))
    os.makedirs(osp.join(tmp_dir, 'det'))
    records = []
    num_frames = 0
    for t, img in enumerate(track_iter(source, f'{name}: frames', progress)):
        cv2.imwrite(osp.join(tmp_dir, 'img1', f'{t + 1:06d}.jpg'), img,
                    [cv2.IMWRITE_JPEG_QUALITY, 95])
        dets = detector(img, t)
        for box, score in zip(dets.bboxes.tolist(), dets.scores.tolist()):
            x1, y1, x2, y2 = box
            records.append(MOTRecord(frame=t + 1, track_id=-1,
                                     bbox=[x1, y1, x2 - x1, y2 - y1],
                                     conf=score))
        num_frames = t + 1
    with open(osp.join(tmp_dir, 'det', 'det.txt'), 'w') as f:
        write_mot_txt(f, records, 'det')
    with open(osp.join(tmp_dir, 'seqinfo.ini'), 'w') as f:
        write_seqinfo(f, SeqInfo(name=name, im_dir='img1',
                                 frame_rate=source.fps,
                                 seq_length=num_frames, width=source.width,
                                 height=source.height, im_ext='.jpg'))
    with open(osp.join(tmp_dir, 'source.json'), 'w') as f:
        json.dump(record, f, indent=1)
    replace_dir(tmp_dir, final_dir)
    return final_dir


def videos_to_mot(video_dir: str,
                  out_root: str,
                  make_detector: Callable[[VideoSource], Callable],
                  detector_spec: dict,
                  subset: str = 'train',
                  progress: bool = True) -> Dict[str, str]:
    """Convert every video of ``video_dir`` into ``out_root/subset/`` (MOT
    layout) and ``out_root/annotations/{subset}_detections.json`` (plus a
    ``{subset}_cocoformat.json`` without annotations).

    Args:
        video_dir (str): Folder of video files and/or frame folders.
        out_root (str): Output root.
        make_detector (callable): ``VideoSource -> detector``; called per
            video (a detection file depends on the video).
        detector_spec (dict): How the detector is made (recorded).
        subset (str): Split name. Defaults to ``'train'``.
        progress (bool): Progress bars.

    Returns:
        dict: ``{'gt': path, 'detections': path}`` of the jsons.
    """
    videos = list_videos(video_dir)
    split_dir = check_output_dir(osp.join(out_root, subset))
    sources = [VideoSource(v) for v in videos]
    names = [s.name for s in sources]
    clashes = {n for n in names if names.count(n) > 1}
    if clashes:
        raise DataFormatError(video_dir, 'videos share a name without '
                              f'extension: {sorted(clashes)}')
    stale = set(os.listdir(split_dir)) - set(names)
    stale = [s for s in stale if not s.startswith('.')]
    if stale:
        raise DataFormatError(split_dir, f'holds sequences {sorted(stale)} '
                              f'that are not videos of {video_dir}; remove '
                              'them or choose another output folder')
    for source in sources:
        write_video_sequence(source, split_dir, make_detector(source),
                             detector_spec, progress=progress)
    return convert_mot_subset(split_dir, subset,
                              osp.join(out_root, 'annotations'),
                              verify_images=False, progress=progress)
