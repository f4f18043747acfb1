r"""Track a video (any file OpenCV reads, or a folder of frames) and write it
with boxes and identities drawn, plus the tracks as a MOTChallenge txt.

Detections come from OpenCV's built-in HOG people detector (default; needs
no weights), an mmdet detector, or a MOT-format detection file. Trackers
with a detector of their own (SOLO-Track) need none.

Examples:
    # SORT on HOG detections (works on a fresh machine)
    python tools/track_video.py vtest.avi \
        --config configs/sort/sort_public-det_synthetic-test.py \
        --out work_dirs/vtest_sort.mp4
    # the cross-input tracker trained on your own videos
    python tools/track_video.py my.mp4 --config CONFIG --checkpoint CKPT \
        --out my_tracked.mp4
"""
import argparse
import itertools
import os
import os.path as osp
import sys
import warnings

import cv2
import mmcv
import numpy as np
from mmdet.visualization import TrackLocalVisualizer

from mmtrack_unsup.apis import VideoSource, VideoTracker, detector_factory
from mmtrack_unsup.datasets.formats.mot_challenge import (MOTRecord,
                                                          write_mot_txt)
from mmtrack_unsup.utils import atomic_open, check_output_dir
from mmtrack_unsup.utils.checkpoint import check_checkpoint
from mmtrack_unsup.utils.entrypoint import (ConfigOptionsAction,
                                           add_detector_args, detector_spec,
                                           hog_spec, run_tool)
from mmtrack_unsup.utils.progress import track_iter


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('video', help='video file or folder of frames')
    parser.add_argument('--config', required=True, help='tracker config')
    parser.add_argument('--checkpoint', help='tracker weights (needed by '
                        'learned trackers)')
    parser.add_argument('--out', required=True,
                        help='annotated video to write (.mp4 or .avi)')
    parser.add_argument('--out-txt', help='tracks in the MOTChallenge '
                        'format (default: OUT with .txt)')
    add_detector_args(parser, 'MOTChallenge det.txt of this video '
                      '(frame, -1, x, y, w, h, score, ...; 1-based frames)')
    parser.add_argument('--fps', type=float,
                        help='frame rate of a folder of frames / of the '
                        'output (default: the video\'s, 30 for folders)')
    parser.add_argument('--max-frames', type=int,
                        help='stop after this many frames')
    parser.add_argument('--draw-score-thr', type=float, default=0.0,
                        help='draw tracks scoring above this')
    parser.add_argument('--sheet', help='also write these frames, drawn, '
                        'side by side in one image (.jpg/.png)')
    parser.add_argument('--sheet-width', type=int, default=1600,
                        help='width of the --sheet image in pixels')
    parser.add_argument('--sheet-frames', type=int, nargs='+',
                        metavar='N', help='0-based frames of --sheet '
                        '(default: 4 evenly spaced)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--allow-partial-checkpoint', action='store_true',
                        help='use a checkpoint that does not cover the model')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override tracker settings, e.g. '
                        'model.tracker.init_track_thr=0.7')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args(argv)


def track_records(sample, frame: int):
    """The MOT rows (1-based ids) of a frame's ``pred_track_instances``."""
    inst = sample.pred_track_instances.cpu()
    for box, score, tid in zip(inst.bboxes.tolist(), inst.scores.tolist(),
                               inst.instances_id.tolist()):
        x1, y1, x2, y2 = box
        yield MOTRecord(frame=frame, track_id=int(tid) + 1,
                        bbox=[x1, y1, x2 - x1, y2 - y1], conf=score)


def contact_sheet(frames, width: int = 1600) -> np.ndarray:
    """Frames in a row (two rows for four or more), scaled to ``width``."""
    cols = (len(frames) + 1) // 2 if len(frames) >= 4 else len(frames)
    rows = [np.hstack(frames[i:i + cols]) for i in range(0, len(frames), cols)]
    if len(rows) > 1 and rows[-1].shape[1] < rows[0].shape[1]:
        pad = rows[0].shape[1] - rows[-1].shape[1]
        rows[-1] = np.pad(rows[-1], ((0, 0), (0, pad), (0, 0)))
    sheet = np.vstack(rows)
    return mmcv.imrescale(sheet, width / sheet.shape[1])


def partial_path(path: str) -> str:
    """Where ``path`` is written before it is complete (same folder and
    extension, so that writers pick the format and the rename is atomic)."""
    head, name = osp.split(osp.abspath(path))
    return osp.join(head, f'.{name}.partial{osp.splitext(name)[1]}')


def check_outputs(video: str, outputs: dict) -> None:
    """Refuse, before a frame is read, outputs that would overwrite the
    input (the video file itself, or a file of its frame folder), name a
    directory, or name the same file twice."""
    source = osp.realpath(video)
    seen = {}
    for flag, path in outputs.items():
        if not path:
            continue
        option = '--' + flag.replace('_', '-')
        real = osp.realpath(path)
        if real == source or (osp.isdir(source) and real.startswith(
                source + os.sep)):
            raise SystemExit(f'{option} {path}: that is the input '
                             f'{video}; write the output elsewhere')
        if osp.isdir(real):
            raise SystemExit(f'{option} {path}: is a directory; give a '
                             'file name')
        if real in seen:
            raise SystemExit(f'{option} {path}: {seen[real]} writes that '
                             'file too')
        seen[real] = option
        check_output_dir(osp.dirname(real))


def report_skips(detector, spec: dict) -> None:
    """Print the lines a detection file dropped (count, reason, first line
    numbers); stop when it has no usable detection at all."""
    skips = getattr(detector, 'skips', None)
    if skips is None:
        return
    if skips.total:
        print(f'{spec["path"]}: {skips.summary()}', flush=True)
    if not detector.records:
        raise SystemExit(f'--det-file {spec["path"]}: no usable detection '
                         f'in the file ({skips.summary()})')


def main(argv=None):
    args = parse_args(argv)
    # boxes reaching past the frame edge are normal; mmengine warns per box
    warnings.filterwarnings('ignore', message='Warning: The (bbox|polygon) '
                            'is out of bounds')
    out_txt = args.out_txt or osp.splitext(args.out)[0] + '.txt'
    ext = osp.splitext(args.out)[1].lower()
    if ext not in ('.mp4', '.avi'):
        raise SystemExit(f'--out {args.out}: use a .mp4 or .avi file')
    check_outputs(args.video, dict(out=args.out, out_txt=out_txt,
                                   sheet=args.sheet))

    if args.checkpoint:  # cut short or not finite: stop before reading
        check_checkpoint(args.checkpoint, '--checkpoint')
    source = VideoSource(args.video, fps=args.fps)
    tracker = VideoTracker(args.config, args.checkpoint, device=args.device,
                           cfg_options=args.cfg_options,
                           allow_partial=args.allow_partial_checkpoint)
    spec = detector_spec(args, args.device)
    if tracker.uses_detections:
        spec = spec or hog_spec(args)
        detector = detector_factory(spec)(source)
        report_skips(detector, spec)
    elif spec is not None:
        raise SystemExit(f'{args.config}: this model detects by itself; '
                         'drop the detection options')
    else:
        detector = None
    num_frames = len(source) if args.max_frames is None else min(
        len(source), args.max_frames)
    if args.sheet_frames and not all(
            0 <= t < num_frames for t in args.sheet_frames):
        raise SystemExit(f'--sheet-frames must lie in 0..{num_frames - 1}')
    sheet_frames = set(args.sheet_frames or np.linspace(
        0, num_frames - 1, 4).round().astype(int).tolist())
    sheet, last = {}, None

    visualizer = TrackLocalVisualizer(name='track_video')
    visualizer.dataset_meta = tracker.dataset_meta

    fps = args.fps or source.fps
    tmp_video = partial_path(args.out)
    fourcc = cv2.VideoWriter_fourcc(*('mp4v' if ext == '.mp4' else 'MJPG'))
    writer = cv2.VideoWriter(tmp_video, fourcc, fps,
                             (source.width, source.height))
    if not writer.isOpened():
        raise SystemExit(f'{args.out}: OpenCV cannot write this video format')
    records, written = [], 0
    try:
        frames = itertools.islice(source, num_frames)
        for t, (img, sample) in enumerate(track_iter(
                tracker.track(frames, num_frames, detector),
                'tracking frames', not args.no_progress)):
            records.extend(track_records(sample, t + 1))
            visualizer.add_datasample(
                'frame', img[..., ::-1], sample, draw_gt=False,
                pred_score_thr=args.draw_score_thr)
            drawn = visualizer.get_image()[..., ::-1]
            writer.write(drawn)
            if args.sheet and t in sheet_frames:
                sheet[t] = drawn.copy()
            last = drawn
            written += 1
        writer.release()
        if written == 0:
            raise SystemExit(f'{args.video}: no frame was read')
        if args.sheet:
            missing = sheet_frames - set(sheet)
            if missing and args.sheet_frames:
                raise SystemExit(f'--sheet-frames {sorted(missing)}: the '
                                 f'video has only {written} frames')
            if missing:  # the header announced more frames than there were
                sheet[written - 1] = last
            # through a temporary file: a crash never leaves half a sheet
            tmp_sheet = partial_path(args.sheet)
            mmcv.imwrite(
                contact_sheet([sheet[t] for t in sorted(sheet)],
                              args.sheet_width), tmp_sheet,
                params=[cv2.IMWRITE_JPEG_QUALITY, 85])
        with atomic_open(out_txt) as f:
            write_mot_txt(f, records, 'track')
        os.replace(tmp_video, args.out)
        if args.sheet:
            os.replace(tmp_sheet, args.sheet)
    finally:
        writer.release()
        for tmp in (tmp_video, args.sheet and partial_path(args.sheet)):
            if tmp and osp.exists(tmp):
                os.remove(tmp)
    ids = {r.track_id for r in records}
    print(f'{written} frames, {len(ids)} tracks, {len(records)} boxes -> '
          f'{args.out}, {out_txt}')
    speeds = [f'{stage} {tracker.fps(stage):.1f} FPS'
              for stage in ('detection', 'tracking')
              if stage == 'tracking' or detector is not None]
    print('speed: ' + ', '.join(speeds))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
