r"""Estimate the training clip length n from detections alone.

Bastani et al. (Sec. 3.2): "setting n to one-half of the average time that
objects linger in the camera frame works well". Without labels, dwell times
are estimated from detections: consecutive frames are linked by Hungarian
matching on IoU (>= --iou), a link may skip up to --max-gap missed frames,
and tracklets shorter than --min-len frames (mostly false positives) are
dropped. Prints a table per video and the suggested clip_len.

Example:
    python tools/analysis_tools/estimate_clip_length.py \
        data/synthetic_mot/annotations/train_detections.json
"""
import argparse
from collections import defaultdict

import numpy as np
import torch
from mmdet.structures.bbox import bbox_overlaps
from scipy.optimize import linear_sum_assignment

from mmtrack_unsup.utils import DataFormatError, load_json
from mmtrack_unsup.utils.entrypoint import run_tool


def tracklet_lengths(frames, iou_thr=0.5, max_gap=2):
    """Lengths (in frames) of IoU tracklets; ``frames`` is a list of (N, 4)
    x1y1x2y2 arrays in temporal order."""
    active = []  # [last_box, last_frame, first_frame]
    lengths = []
    for t, boxes in enumerate(frames):
        alive = [a for a in active if t - a[1] <= max_gap + 1]
        lengths += [a[1] - a[2] + 1 for a in active
                    if t - a[1] > max_gap + 1]
        active = alive
        matched = set()
        if active and len(boxes):
            prev = torch.tensor(np.stack([a[0] for a in active]))
            iou = bbox_overlaps(prev, torch.tensor(boxes)).numpy()
            rows, cols = linear_sum_assignment(-iou)
            for r, c in zip(rows, cols):
                if iou[r, c] >= iou_thr:
                    active[r][0], active[r][1] = boxes[c], t
                    matched.add(c)
        for c in range(len(boxes)):
            if c not in matched:
                active.append([boxes[c], t, t])
    lengths += [a[1] - a[2] + 1 for a in active]
    return np.array(lengths)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('detections', help='CocoVID detections json')
    parser.add_argument('--score-thr', type=float, default=0.5)
    parser.add_argument('--iou', type=float, default=0.5)
    parser.add_argument('--max-gap', type=int, default=2)
    parser.add_argument('--min-len', type=int, default=5)
    args = parser.parse_args(argv)
    data = load_json(args.detections)
    for key in ('videos', 'images', 'annotations'):
        if key not in data:
            raise DataFormatError(args.detections, f'no {key!r}', field=key)
    boxes = defaultdict(list)
    for ann in data['annotations']:
        if ann.get('score', 1.0) >= args.score_thr:
            x, y, w, h = ann['bbox']
            boxes[ann['image_id']].append([x, y, x + w, y + h])
    frames = defaultdict(list)
    for img in data['images']:
        frames[img['video_id']].append(img)
    print('| video | frames | tracklets | mean dwell (frames) |')
    print('|---|---|---|---|')
    all_lengths = []
    for video in data['videos']:
        imgs = sorted(frames[video['id']], key=lambda x: x['frame_id'])
        seq = [np.array(boxes[i['id']], np.float32).reshape(-1, 4)
               for i in imgs]
        lengths = tracklet_lengths(seq, args.iou, args.max_gap)
        lengths = lengths[lengths >= args.min_len]
        all_lengths.append(lengths)
        mean = lengths.mean() if len(lengths) else float('nan')
        print(f'| {video.get("name", video["id"])} | {len(imgs)} | '
              f'{len(lengths)} | {mean:.1f} |')
    lengths = np.concatenate(all_lengths)
    if not len(lengths):
        raise SystemExit('no tracklet long enough; lower --min-len/--iou')
    n = max(1, int(round(lengths.mean() / 2)))
    print(f'\nmean dwell time {lengths.mean():.1f} frames -> suggested n = '
          f'{n}; e.g. clip_len=({max(1, n // 2)}, {n + n // 2})')
    return n


if __name__ == '__main__':
    run_tool(main)
