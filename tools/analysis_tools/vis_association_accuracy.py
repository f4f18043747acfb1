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
Trackers add thresholds, memory and categories on top; this isolates how
discriminative each cue is on its own. Prints one table.

Example:
    python tools/analysis_tools/vis_association_accuracy.py \
        configs/solo_track/solo-track_r18_fpn_1xb2-10k_synthetic.py \
        work_dirs/solo-track_r18_fpn_1xb2-10k_synthetic/iter_10000.pth \
        --data-root data/synthetic_vis_tune/
"""
import argparse

import torch
from mmdet.structures.bbox import bbox_overlaps
from mmengine.config import Config
from mmengine.runner import Runner
from mmengine.structures import InstanceData

from mmtrack_unsup.evaluation import FRESH_IDS, oracle_identities
from mmtrack_unsup.utils.checkpoint import load_local_checkpoints_fully
from mmtrack_unsup.utils.progress import track_iter

CUES = dict(
    embedding=lambda cur, prev: cur.embeddings @ prev.embeddings.T,
    iou=lambda cur, prev: bbox_overlaps(cur.bboxes, prev.bboxes))


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


def count_video(frames, counts: dict) -> None:
    """Add one video's ``(right, total)`` per cue to ``counts``.
    ``frames``: per frame, ``(ids, instances)`` with the instances' oracle
    ids and their ``embeddings`` and ``bboxes``."""
    for (prev_ids, prev), (ids, cur) in zip(frames, frames[1:]):
        if len(cur) == 0 or len(prev) == 0:
            continue
        for cue, affinity in CUES.items():
            right, total = nearest_is_same(prev_ids, ids, affinity(cur, prev))
            counts[cue][0] += right
            counts[cue][1] += total


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('config', help='VIS model config (SOLO-Track)')
    parser.add_argument('checkpoint')
    parser.add_argument('--data-root', help='override the test data_root')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='instances below are ignored, as the trackers '
                        'do (default: %(default)s)')
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
    runner = Runner.from_cfg(cfg)
    runner.load_or_resume()
    model = runner.model.eval()
    if not hasattr(model, 'detector'):
        raise SystemExit(f'{args.config}: {type(model).__name__} has no '
                         'detector; a SOLO-Track config is needed')
    counts = {cue: [0, 0] for cue in CUES}
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
            count_video(frames, counts)
    print('| cue | right | instances | accuracy (%) |')
    print('|---|---|---|---|')
    for cue, (right, total) in counts.items():
        acc = 100 * right / total if total else float('nan')
        print(f'| {cue} | {right} | {total} | {acc:.1f} |')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
