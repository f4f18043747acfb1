"""Dwell-time estimation from detections alone (tracklets by IoU)."""
import json
import os.path as osp
import sys

import numpy as np

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
from estimate_clip_length import main, tracklet_lengths  # noqa: E402


def _box(x):
    return [x, 0, x + 10, 10]


def test_tracklets_bridge_short_gaps_only():
    frames = []
    for t in range(12):
        boxes = []
        if t not in (4, 5):  # A: missed for 2 frames, still one tracklet
            boxes.append(_box(t))
        if t < 3 or t > 7:  # B: a gap of 5 frames splits it
            boxes.append(_box(100 + t))
        if t == 6:  # a one-frame false positive
            boxes.append(_box(200))
        frames.append(np.array(boxes, np.float32).reshape(-1, 4))
    lengths = sorted(tracklet_lengths(frames, iou_thr=0.5, max_gap=2))
    assert lengths == [1, 3, 4, 12]


def test_suggests_half_the_mean_dwell(tmp_path):
    images, anns = [], []
    for t in range(20):
        images.append(dict(id=t + 1, video_id=1, frame_id=t))
        anns.append(dict(image_id=t + 1, bbox=[t, 0, 10, 10], score=0.9))
    path = tmp_path / 'dets.json'
    path.write_text(json.dumps(dict(videos=[dict(id=1, name='v')],
                                    images=images, annotations=anns)))
    assert main([str(path)]) == 10  # one object seen for 20 frames
