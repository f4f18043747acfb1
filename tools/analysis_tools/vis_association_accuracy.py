r"""How often each association cue finds the same object in the previous frame.

For a VIS model (SOLO-Track) and its checkpoint, every video of the test set
is segmented frame by frame. Predicted instances scoring at least
--score-thr take the ground-truth identity of the mask they overlap most
(as ``benchmark_trackers.py --oracle-ids``). For every instance whose object
was also predicted in the previous frame, the cue is *right* when the
previous-frame instance it prefers belongs to the same object:
  * embedding: the largest dot product with the SOLO-Track embedding
    (the prototype cue, Fu et al., Sec. 3.2);
  * box IoU: the largest overlap (the baseline's cue).
A tracker must also refuse: when an object is missed or gone, its track
should not take another object. The second table asks, over all pairs of
instances in consecutive frames, how many pairs of the same object and how
many of different objects pass each cue's gate: cosine similarity of the
embeddings at least --min-cosine (PrototypeTracker's ``min_cosine``), box
IoU at least --min-iou (the baseline's ``match_iou_thr``).
Trackers add thresholds, memory and categories on top; this isolates how
discriminative each cue is on its own. Prints two tables.

Example:
    python tools/analysis_tools/vis_association_accuracy.py \
        configs/solo_track/solo-track_r18_fpn_1xb2-10k_synthetic.py \
        work_dirs/solo-track_r18_fpn_1xb2-10k_synthetic/iter_10000.pth \
        --data-root data/synthetic_vis_tune/youtube_vis_2019/
"""
import argparse

import torch
import torch.nn.functional as F
from mmdet.structures.bbox import bbox_overlaps
from mmengine.config import Config
from mmengine.runner import Runner
from mmengine.structures import InstanceData

from mmtrack_unsup.evaluation import FRESH_IDS, oracle_identities
from mmtrack_unsup.utils.checkpoint import load_local_checkpoints_fully
from mmtrack_unsup.utils.entrypoint import (add_checkpoint_coverage,
                                            run_tool)
from mmtrack_unsup.utils.progress import track_iter

CUES = dict(
    embedding=lambda cur, prev: cur.embeddings @ prev.embeddings.T,
    iou=lambda cur, prev: bbox_overlaps(cur.bboxes, prev.bboxes))
# what each cue's gate thresholds
GATES = dict(
    embedding=lambda cur, prev: F.normalize(cur.embeddings, dim=1)
    @ F.normalize(prev.embeddings, dim=1).T,
    iou=CUES['iou'])


def nearest_is_same(prev_ids, cur_ids, affinity):
    """``(right, total)``: over current instances whose object is among the
    previous frame's (``affinity`` is (current, previous)), how many prefer
    a previous instance of the same object."""
    right = total = 0
    for i, obj in enumerate(cur_ids.tolist()):
        if obj >= FRESH_IDS or obj not in prev_ids.tolist():
            continue
        total += 1
        right += int(prev_ids[affinity[i].argmax()] == obj)
    return right, total


def gate_passes(prev_ids, cur_ids, similarity, thr):
    """``(same_pass, same, other_pass, other)``: pairs of (current,
    previous) instances of the same object and of different objects
    (instances of no object left out), and how many reach ``thr``."""
    valid = (cur_ids < FRESH_IDS)[:, None] & (prev_ids < FRESH_IDS)[None]
    same = valid & (cur_ids[:, None] == prev_ids[None])
    other = valid & ~same
    passes = similarity >= thr
    return (int((same & passes).sum()), int(same.sum()),
            int((other & passes).sum()), int(other.sum()))


def count_video(frames, counts: dict, gate_thrs: dict) -> None:
    """Add one video's counts per cue to ``counts``: ``(right, total)`` of
    :func:`nearest_is_same`, then the four of :func:`gate_passes` at
    ``gate_thrs[cue]``. ``frames``: per frame, ``(ids, instances)`` with
    the instances' oracle ids and their ``embeddings`` and ``bboxes``."""
    for (prev_ids, prev), (ids, cur) in zip(frames, frames[1:]):
        if len(cur) == 0 or len(prev) == 0:
            continue
        for cue, affinity in CUES.items():
            found = nearest_is_same(prev_ids, ids, affinity(cur, prev))
            found += gate_passes(prev_ids, ids, GATES[cue](cur, prev),
                                 gate_thrs[cue])
            counts[cue] = [c + n for c, n in zip(counts[cue], found)]


def pct(n: int, total: int) -> float:
    return 100 * n / total if total else float('nan')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('config', help='VIS model config (SOLO-Track)')
    parser.add_argument('checkpoint')
    parser.add_argument('--data-root', help='override the test data_root')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='instances below are ignored, as the trackers '
                        'do (default: %(default)s)')
    parser.add_argument('--min-cosine', type=float, default=0.7,
                        help='embedding gate (default: %(default)s, as the '
                        'synthetic post-processing config)')
    parser.add_argument('--min-iou', type=float, default=0.01,
                        help='box IoU gate (default: %(default)s, as the '
                        'synthetic baseline config)')
    parser.add_argument('--work-dir', default='work_dirs/association_accuracy')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.data_root:
        cfg.test_dataloader.dataset.data_root = args.data_root
    cfg.work_dir, cfg.load_from = args.work_dir, args.checkpoint
    load_local_checkpoints_fully()
    add_checkpoint_coverage(cfg)
    runner = Runner.from_cfg(cfg)
    runner.load_or_resume()
    model = runner.model.eval()
    if not hasattr(model, 'detector'):
        raise SystemExit(f'{args.config}: {type(model).__name__} has no '
                         'detector; a SOLO-Track config is needed')
    counts = {cue: [0] * 6 for cue in CUES}
    gate_thrs = dict(embedding=args.min_cosine, iou=args.min_iou)
    with torch.no_grad():
        for data in track_iter(runner.test_dataloader, 'videos',
                               not args.no_progress):
            data = model.data_preprocessor(data, False)
            frames = []
            for t, frame in enumerate(data['data_samples'][0]
                                      .video_data_samples):
                pred = model.detector.predict(
                    data['inputs'][:, t].contiguous(), [frame])[0]
                pred = pred.pred_instances
                if 'embeddings' not in pred:
                    raise SystemExit(
                        f'{args.config}: the detector predicts no '
                        '`embeddings`; a SOLO-Track config is needed')
                pred = pred[pred.scores >= args.score_thr]
                gt = frame.gt_instances
                ids, _ = oracle_identities(
                    pred.masks, getattr(gt.masks, 'masks', gt.masks),
                    gt.instances_ids)
                # only what the cues need: masks of a long video would not
                # fit in memory
                frames.append((ids, InstanceData(
                    embeddings=pred.embeddings, bboxes=pred.bboxes)))
            count_video(frames, counts, gate_thrs)
    print('| cue | right | instances | accuracy (%) |')
    print('|---|---|---|---|')
    for cue, (right, total, *_) in counts.items():
        print(f'| {cue} | {right} | {total} | {pct(right, total):.1f} |')
    print()
    print('| cue | gate | same-object pairs passing (%) | '
          'other-object pairs passing (%) | pairs (same / other) |')
    print('|---|---|---|---|---|')
    for cue, (_, _, sp, st, op, ot) in counts.items():
        gate = ('cosine' if cue == 'embedding' else 'IoU') + \
            f' >= {gate_thrs[cue]}'
        print(f'| {cue} | {gate} | {pct(sp, st):.1f} | {pct(op, ot):.1f} '
              f'| {st} / {ot} |')
    return 0


if __name__ == '__main__':
    raise SystemExit(run_tool(main))
