r"""How well a crop embedding learned without labels tells objects apart,
measured with ground truth (read for this analysis only).

The test split of a MOT-format set is read through the config's own test
dataset and pipeline (the public detections and their crops, as the tracker
sees them). Each frame's detections are matched to its ground-truth boxes
(IoU >= ``--match-iou``, Hungarian); unmatched detections are left out. For
each frame gap k, every matched detection of frame t + k is given the
detection of frame t whose embedding has the largest dot product with its
own (the argmax of the softmax the fused tracker reads, Fu et al., Eq. 3)
among the matched detections of frame t; it is right when both are the
same object. Only detections whose object is in frame t, among at least two
candidates, count. The rows:

* ``all``: every such detection;
* ``overlapping``: those whose box overlaps another matched detection of
  frame t + k (IoU > 0), where a motion tracker's IoU is ambiguous;
* ``IoU (no embedding)``: the same choice made by the largest box IoU
  instead, the motion-free baseline of a tracker;
* ``mean colour``: the same choice made by the crops' mean colour, a
  3-number embedding that needs no training.

Same- and different-object cosines (mean) and their ROC AUC (the chance
that a same-object pair has the larger cosine) are printed too.

Example:
    python tools/analysis_tools/embedding_identity.py \
        configs/crop_embedding/crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py \
        --checkpoint work_dirs/seeds_ce/crop-embedding_fused-bytetrack_1xb8-2k_synthetic_seed0/iter_2000.pth \
        --data-root data/synthetic_mot_tune2000/
"""
import argparse
from collections import defaultdict
from typing import Dict, List

import numpy as np
import torch
from mmdet.registry import DATASETS, MODELS
from mmdet.structures.bbox import bbox_overlaps
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner.checkpoint import CheckpointLoader
from scipy.optimize import linear_sum_assignment
from scipy.stats import mannwhitneyu

import mmtrack_unsup.datasets  # noqa: F401 (registers the datasets)
import mmtrack_unsup.models  # noqa: F401 (registers the models)
from mmtrack_unsup.utils.checkpoint import (checkpoint_coverage,
                                            load_local_checkpoints_fully)
from mmtrack_unsup.utils.entrypoint import run_tool


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('config', help='a crop-embedding config')
    parser.add_argument('--checkpoint', required=True)
    parser.add_argument('--data-root', help="override the test dataset's "
                        'data_root (e.g. data/synthetic_mot_tune2000/)')
    parser.add_argument('--gaps', type=int, nargs='+', default=[1, 10, 30],
                        help='frame gaps k')
    parser.add_argument('--match-iou', type=float, default=0.5,
                        help='IoU of a detection and its ground-truth box')
    return parser.parse_args(argv)


def load_model(config: Config, checkpoint: str) -> torch.nn.Module:
    """The config's model with every parameter loaded (else an error)."""
    model = MODELS.build(config.model)
    if not hasattr(model, 'embed_crops'):
        raise SystemExit(f'{type(model).__name__} has no embed_crops: give '
                         'a crop-embedding config')
    load_local_checkpoints_fully()
    state = CheckpointLoader.load_checkpoint(checkpoint, map_location='cpu')
    report = checkpoint_coverage(model, state)
    if not report.complete:
        raise SystemExit(f'{checkpoint} does not load the whole model:\n'
                         f'{report.describe()}')
    model.load_state_dict(state['state_dict'])
    return model.eval()


def matched_frames(frames, model, match_iou: float) -> List[Dict]:
    """Per frame: the detections matched to ground truth, their object
    ids, boxes, embeddings and mean colours."""
    out = []
    for frame in frames:
        meta = frame.metainfo
        boxes = torch.as_tensor(np.asarray(meta['public_bboxes']),
                                dtype=torch.float32).reshape(-1, 4)
        gt = frame.gt_instances
        keep = []
        if len(boxes) and len(gt):
            iou = bbox_overlaps(boxes, gt.bboxes.float()).numpy()
            rows, cols = linear_sum_assignment(-iou)
            keep = [(r, c) for r, c in zip(rows, cols)
                    if iou[r, c] >= match_iou]
        rows = [r for r, _ in keep]
        crops = torch.as_tensor(np.asarray(meta['public_crops'])[rows])
        with torch.no_grad():
            embeds = model.embed_crops(crops.permute(0, 3, 1, 2)) \
                if rows else torch.zeros(0, 1)
        out.append(dict(
            ids=np.array([int(gt.instances_ids[c]) for _, c in keep]),
            boxes=boxes[rows], embeds=embeds,
            colours=crops.float().mean(dim=(1, 2))))
    return out


def choices(earlier: Dict, later: Dict):
    """For each detection of ``later`` whose object is among ``earlier``'s
    (two or more of them): right or wrong by embedding, by IoU and by mean
    colour, whether it overlaps another detection, and the same- and
    different-object cosines."""
    if len(earlier['ids']) < 2 or not len(later['ids']):
        return None
    present = np.isin(later['ids'], earlier['ids'])
    if not present.any():
        return None
    truth = later['ids'][:, None] == earlier['ids'][None, :]
    unit = [torch.nn.functional.normalize(f['embeds'], dim=1)
            for f in (later, earlier)]
    by = {
        'embedding': (later['embeds'] @ earlier['embeds'].T).numpy(),
        'embedding (cosine)': (unit[0] @ unit[1].T).numpy(),
        'IoU (no embedding)': bbox_overlaps(later['boxes'],
                                            earlier['boxes']).numpy(),
        'mean colour': -torch.cdist(later['colours'],
                                    earlier['colours']).numpy(),
    }
    right = {k: truth[np.arange(len(truth)), s.argmax(1)][present]
             for k, s in by.items()}
    own = bbox_overlaps(later['boxes'], later['boxes']).numpy()
    np.fill_diagonal(own, 0)
    overlapping = (own > 0).any(1)[present]
    cos = by['embedding (cosine)']
    return right, overlapping, cos[truth], cos[~truth]


def main(argv=None):
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'mmdet'))
    if args.data_root:
        cfg.test_dataloader.dataset.data_root = args.data_root
    model = load_model(cfg, args.checkpoint)
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    right = defaultdict(lambda: defaultdict(list))
    cosines = defaultdict(lambda: ([], []))
    for v in range(len(dataset)):
        video = dataset[v]['data_samples']
        frames = matched_frames(video.video_data_samples, model,
                                args.match_iou)
        for k in args.gaps:
            for t in range(len(frames) - k):
                out = choices(frames[t], frames[t + k])
                if out is None:
                    continue
                ok, overlapping, same, other = out
                for name, r in ok.items():
                    right[k][(name, 'all')].extend(r)
                    right[k][(name, 'overlapping')].extend(r[overlapping])
                cosines[k][0].extend(same)
                cosines[k][1].extend(other)
    print(f'\n{args.config}\n{args.checkpoint} on '
          f'{cfg.test_dataloader.dataset.data_root} ({len(dataset)} videos)')
    print('\n| gap k | choice by | detections | right (all) | '
          'overlapping | right (overlapping) |')
    print('|---|---|---|---|---|---|')
    for k in args.gaps:
        for name in ('embedding', 'embedding (cosine)', 'IoU (no embedding)',
                     'mean colour'):
            a, o = right[k][(name, 'all')], right[k][(name, 'overlapping')]
            print(f'| {k} | {name} | {len(a)} | {100 * np.mean(a):.1f}% | '
                  f'{len(o)} | {100 * np.mean(o):.1f}% |')
    print('\n| gap k | same-object cosine | other-object cosine | ROC AUC |')
    print('|---|---|---|---|')
    for k in args.gaps:
        same, other = map(np.asarray, cosines[k])
        if not len(same) or not len(other):
            print(f'| {k} | no pairs | no pairs | — |')
            continue
        auc = mannwhitneyu(same, other).statistic / (len(same) * len(other))
        print(f'| {k} | {same.mean():.3f} | {other.mean():.3f} | '
              f'{auc:.3f} |')
    return right, cosines


if __name__ == '__main__':
    run_tool(main)
