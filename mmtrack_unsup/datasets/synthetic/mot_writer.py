"""Writes synthetic sequences in the MOTChallenge (MOT17) folder layout."""
import os
import os.path as osp
import shutil
from typing import List

import cv2
import numpy as np

from mmtrack_unsup.utils.io import replace_dir
from mmtrack_unsup.utils.progress import track_iter
from mmtrack_unsup.datasets.formats.mot_challenge import (MOTRecord, SeqInfo,
                                                          write_mot_txt,
                                                          write_seqinfo)
from .config import SceneConfig
from .detector_noise import simulate_detections
from .scene import simulate

DETECTOR_NAME = 'SIM'  # stands where MOT17 has DPM/FRCNN/SDP


def sequence_name(index: int) -> str:
    return f'SYN-{index + 1:02d}-{DETECTOR_NAME}'


def write_mot_sequence(split_dir: str, name: str, cfg: SceneConfig,
                       seed) -> dict:
    """Simulate one scene and write ``split_dir/name`` with ``img1/``,
    ``gt/gt.txt``, ``det/det.txt`` and ``seqinfo.ini``.

    The folder is built under a temporary name and renamed when complete.

    Returns:
        dict: Counts (frames, tracks, gt boxes, detections).
    """
    final_dir = osp.join(split_dir, name)
    tmp_dir = osp.join(split_dir, f'.{name}.tmp')
    shutil.rmtree(tmp_dir, ignore_errors=True)
    for sub in ('img1', 'gt', 'det'):
        os.makedirs(osp.join(tmp_dir, sub))
    det_rng = np.random.default_rng([*np.atleast_1d(seed), 7])
    gts: List[MOTRecord] = []
    dets: List[MOTRecord] = []
    for t, frame in enumerate(simulate(cfg, seed), 1):
        cv2.imwrite(osp.join(tmp_dir, 'img1', f'{t:06d}.jpg'), frame.image,
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
        for obj in frame.objects:
            # MOT17 gt: conf=1 (evaluated), class 1 (pedestrian)
            gts.append(MOTRecord(t, obj.id, obj.bbox.tolist(), 1.0, 1,
                                 obj.visibility))
        for box, score in simulate_detections(frame.objects, cfg, det_rng):
            dets.append(MOTRecord(t, -1, box.tolist(), score))
    with open(osp.join(tmp_dir, 'gt', 'gt.txt'), 'w') as f:
        write_mot_txt(f, gts, 'gt')
    with open(osp.join(tmp_dir, 'det', 'det.txt'), 'w') as f:
        write_mot_txt(f, dets, 'det')
    with open(osp.join(tmp_dir, 'seqinfo.ini'), 'w') as f:
        write_seqinfo(f, SeqInfo(name, 'img1', cfg.fps, cfg.num_frames,
                                 cfg.width, cfg.height, '.jpg'))
    replace_dir(tmp_dir, final_dir)
    return dict(frames=cfg.num_frames, tracks=len({g.track_id for g in gts}),
                gt_boxes=len(gts), detections=len(dets))


def write_mot_split(out_root: str, split: str, num_seqs: int, seed: int,
                    cfg: SceneConfig, progress: bool = True) -> List[dict]:
    """Write ``num_seqs`` sequences to ``out_root/split``; sequence ``k`` is
    seeded by ``(seed, k)``, so splits with different seeds never share a
    scene."""
    split_dir = osp.join(out_root, split)
    os.makedirs(split_dir, exist_ok=True)
    stats = []
    for k in track_iter(range(num_seqs), f'{split}: sequences', progress):
        stats.append(dict(name=sequence_name(k),
                          **write_mot_sequence(split_dir, sequence_name(k),
                                               cfg, (seed, k))))
    return stats
