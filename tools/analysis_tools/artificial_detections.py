r"""How often an *artificial detection* (Bastani et al., Sec. 3.2) shows
someone who is in the clip after all.

Artificial detections pair the boxes of the clip's last frame In with crops
that should show no object of the clip; the two inputs are then trained to
disagree on them. This tool draws clips from a split's detections exactly as
training does (:class:`UnlabeledClipDataset`, the chosen
``artificial_source``), and looks each artificial crop up in the split's
ground truth (the best-overlapping annotated object of its frame, IoU >= 0.5):
the share whose object is annotated in In is the share the paper's premise
gets wrong. Ground truth is read for this measurement only, never by
training.

Example:
    python tools/analysis_tools/artificial_detections.py data/synthetic_mot/ \
        --split train --artificial-source far_frames background
"""
import argparse
import os.path as osp
import sys
from collections import defaultdict

import numpy as np
from mmdet.evaluation.functional import bbox_overlaps

from mmtrack_unsup.datasets import UnlabeledClipDataset
from mmtrack_unsup.utils.io import load_json
from mmtrack_unsup.utils.entrypoint import run_tool


def ground_truth(path: str) -> dict:
    """``{file_name: (boxes x1y1x2y2, instance ids)}`` of a CocoVID file."""
    data = load_json(path)
    names = {im['id']: im['file_name'] for im in data['images']}
    boxes, ids = defaultdict(list), defaultdict(list)
    for ann in data['annotations']:
        x, y, w, h = ann['bbox']
        boxes[names[ann['image_id']]].append([x, y, x + w, y + h])
        ids[names[ann['image_id']]].append(ann['instance_id'])
    return {name: (np.array(boxes[name], np.float32).reshape(-1, 4),
                   np.array(ids[name])) for name in names.values()}


def object_of(gt: dict, name: str, box: np.ndarray):
    """The annotated object a box shows (IoU >= 0.5), or None."""
    boxes, ids = gt.get(name, (np.zeros((0, 4)), np.zeros(0)))
    if not len(boxes):
        return None
    iou = bbox_overlaps(box[None].astype(np.float32), boxes)[0]
    return ids[iou.argmax()] if iou.max() >= 0.5 else None


def measure(data_root: str, split: str, source: str, num_clips: int,
            seed: int = 0, **dataset_args) -> dict:
    prefix = osp.join(data_root, split)
    dataset = UnlabeledClipDataset(
        ann_file=osp.join(data_root, 'annotations',
                          f'{split}_detections.json'),
        data_prefix=dict(img_path=prefix), artificial_source=source,
        pipeline=[], lazy_init=False, **dataset_args)
    gt = ground_truth(osp.join(data_root, 'annotations',
                               f'{split}_cocoformat.json'))
    np.random.seed(seed)
    counts = dict(crops=0, in_clip=0, other_object=0, no_object=0)
    for idx in np.random.randint(len(dataset), size=num_clips):
        info = dataset.get_data_info(int(idx))
        if info is None:
            continue
        last = osp.relpath(info['img_paths'][-1], prefix)
        present = {object_of(gt, last, b) for b in info['bboxes'][-1]}
        present.update(gt.get(last, (None, np.zeros(0)))[1].tolist())
        for path, box in zip(info['artificial_img_paths'],
                             info['artificial_src_bboxes']):
            obj = object_of(gt, osp.relpath(path, prefix), box)
            counts['crops'] += 1
            if obj is None:
                counts['no_object'] += 1
            elif obj in present:
                counts['in_clip'] += 1
            else:
                counts['other_object'] += 1
    return counts


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('data_roots', nargs='+', help='converted MOT roots '
                        '(annotations/{split}_detections.json and '
                        '_cocoformat.json)')
    parser.add_argument('--split', default='train')
    parser.add_argument('--artificial-source', nargs='+',
                        default=['far_frames'],
                        choices=UnlabeledClipDataset.ARTIFICIAL_SOURCES)
    parser.add_argument('--clips', type=int, default=300)
    parser.add_argument('--far-gap', type=int, default=50)
    parser.add_argument('--clip-len', type=int, nargs=2, default=(4, 16))
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    lines = ['| data | artificial_source | crops | object in the clip\'s '
             'last frame | another object | no object |', '|---|---|---|---|'
             '---|---|']
    rows = []
    for root in args.data_roots:
        for source in args.artificial_source:
            c = measure(root, args.split, source, args.clips,
                        far_gap=args.far_gap, clip_len=tuple(args.clip_len))
            rows.append(dict(data_root=root, source=source, **c))
            n = max(c['crops'], 1)
            lines.append(f'| {root} | {source} | {c["crops"]} | '
                         f'{100 * c["in_clip"] / n:.0f}% | '
                         f'{100 * c["other_object"] / n:.0f}% | '
                         f'{100 * c["no_object"] / n:.0f}% |')
    print('\n'.join(lines))
    return rows


if __name__ == '__main__':
    run_tool(main)
    sys.exit(0)
