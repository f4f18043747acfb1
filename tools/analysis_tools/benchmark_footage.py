r"""Trackers on real footage with ground truth, all on identical detections;
the learned trackers are trained on that footage's videos without labels.

FOOTAGE is a folder of MOTChallenge sequences stored as video files, the
layout of ``../shared/data/tud``: ``SEQ/video.mp4`` (its frame k is the
benchmark's frame k), ``SEQ/seqinfo.ini``, ``SEQ/gt/gt.txt`` and, for
``--detections public``, ``SEQ/det/det.txt``.

1. Prepare ``WORK_DIR/data/``: every video's frames and detections as the
   ``train`` split, without ground truth (what training reads, written by
   the own-videos dataset's own converter), and the same frames and
   detections with ``gt/gt.txt`` as the ``test`` split (what is scored).
   ``--detections hog`` is what ``tools/track_video.py`` detects with by
   default (OpenCV's HOG people detector, person boxes); ``public`` is the
   footage's ``det/det.txt``.
2. Train the own-videos cross-input config on the videos, once per seed
   (``train_seeds.py``; no ground truth exists in what it reads).
3. Score SORT, ByteTrack, OC-SORT and the learned trackers (the trained
   weights in the synthetic-corpus configs, whose inference settings were
   chosen on the synthetic tuning split) on the ``test`` split with
   TrackEval: one table, learned rows as mean ± std over seeds, and the
   detector's speed on these frames.
4. With ``--transfer-work-dir``, the same learned configs with the weights
   trained on the synthetic corpus instead (a second table).

Example:
    python tools/analysis_tools/benchmark_footage.py ../shared/data/tud \
        --detections hog --work-dir work_dirs/footage/tud_hog
"""
import argparse
import json
import os
import os.path as osp
import shutil
import sys
import time
from typing import Callable, List

HERE = osp.dirname(osp.abspath(__file__))
REPO = osp.dirname(osp.dirname(HERE))
sys.path.insert(0, HERE)
import train_seeds  # noqa: E402

sys.path.insert(0, osp.dirname(HERE))
import benchmark_trackers  # noqa: E402

from mmtrack_unsup.apis import VideoSource, detector_factory  # noqa: E402
from mmtrack_unsup.datasets.converters.mot2cocovid import \
    convert_mot_subset  # noqa: E402
from mmtrack_unsup.datasets.converters.videos2mot import (  # noqa: E402
    VIDEO_EXTENSIONS, videos_to_mot)
from mmtrack_unsup.datasets.formats.mot_challenge import \
    read_seqinfo  # noqa: E402
from mmtrack_unsup.utils import DataFormatError  # noqa: E402
from mmtrack_unsup.utils.entrypoint import (  # noqa: E402
    ConfigOptionsAction, run_tool)

CONFIGS = osp.join(REPO, 'configs')
TRAIN_CONFIG = osp.join(
    CONFIGS, 'cross_input', 'cross-input_visual-spatial_1xb8-2k_own-videos.py')
LEARNED = [
    osp.join(CONFIGS, 'cross_input', name) for name in (
        'cross-input_visual-spatial_1xb8-2k_synthetic.py',
        'cross-input_spatial-only_1xb8-2k_synthetic.py',
        'cross-input_fused-bytetrack_1xb8-2k_synthetic.py')
]
# what `make cross-input-seeds` trains on the synthetic corpus (transfer)
SYNTHETIC_CONFIG = osp.join(
    CONFIGS, 'cross_input', 'cross-input_visual-spatial_1xb8-2k_synthetic.py')
PEERS = [
    osp.join(CONFIGS, method, f'{method}_public-det_synthetic-test.py')
    for method in ('sort', 'bytetrack', 'ocsort')
]


def footage_sequences(footage: str) -> List[tuple]:
    """``(name, video file, sequence folder)`` of every sequence of
    ``footage``; a sequence without exactly one video file is an error."""
    if not osp.isdir(footage):
        raise DataFormatError(footage, 'footage folder missing')
    seqs = []
    for name in sorted(os.listdir(footage)):
        seq_dir = osp.join(footage, name)
        if not osp.isfile(osp.join(seq_dir, 'seqinfo.ini')):
            continue
        videos = [f for f in sorted(os.listdir(seq_dir))
                  if f.lower().endswith(VIDEO_EXTENSIONS)]
        if len(videos) != 1:
            raise DataFormatError(seq_dir, 'expected one video file beside '
                                  f'seqinfo.ini, found {videos or "none"}')
        seqs.append((name, osp.join(seq_dir, videos[0]), seq_dir))
    if not seqs:
        raise DataFormatError(footage, 'no sequence folders (SEQ/'
                              'seqinfo.ini with a video file)')
    return seqs


class TimedDetector:
    """Sums the seconds and frames of the detector calls it wraps."""

    def __init__(self, make: Callable) -> None:
        self.make = make
        self.seconds, self.frames = 0.0, 0

    def __call__(self, source):
        detect = self.make(source)

        def timed(img, frame_id):
            start = time.perf_counter()
            out = detect(img, frame_id)
            self.seconds += time.perf_counter() - start
            self.frames += 1
            return out

        return timed


def _link(target: str, link: str) -> None:
    if osp.lexists(link):
        os.remove(link)
    os.symlink(osp.abspath(target), link)


def prepare(footage: str, work_dir: str, detections: str,
            detector_options: dict = None) -> dict:
    """Write the ``train`` (no ground truth) and ``test`` splits of
    ``footage`` under ``WORK_DIR/data`` (see the module docstring); returns
    the paths, the detector spec (``detector_options`` added to it) and the
    detector's speed."""
    videos = osp.join(work_dir, 'videos')
    root = osp.join(work_dir, 'data')
    os.makedirs(videos, exist_ok=True)
    seqs = footage_sequences(footage)
    spec = dict(kind='hog')  # the default of the own-videos config
    if detections == 'public':
        public = osp.join(work_dir, 'public_detections')
        os.makedirs(public, exist_ok=True)
        spec = dict(kind='mot', path=osp.abspath(public))
    spec.update(detector_options or {})
    for name, video, seq_dir in seqs:
        info = read_seqinfo(seq_dir)
        source = VideoSource(video)
        if (source.width, source.height) != (info.width, info.height):
            raise DataFormatError(
                osp.join(seq_dir, 'seqinfo.ini'), f'imWidth x imHeight '
                f'{info.width}x{info.height}, but {video} is '
                f'{source.width}x{source.height}')
        _link(video, osp.join(videos, name + osp.splitext(video)[1]))
        if detections == 'public':
            _link(osp.join(seq_dir, 'det', 'det.txt'),
                  osp.join(public, f'{name}.txt'))
    timer = TimedDetector(detector_factory(spec))
    videos_to_mot(videos, root, timer, spec)
    speed_file = osp.join(root, 'detection_speed.json')
    if timer.frames:
        speed = dict(detector=spec, frames=timer.frames,
                     fps=timer.frames / timer.seconds)
        with open(speed_file, 'w') as f:
            json.dump(speed, f)
    elif osp.isfile(speed_file):  # every sequence was reused
        with open(speed_file) as f:
            speed = json.load(f)
    else:
        speed = dict(detector=spec, frames=0, fps=float('nan'))
    for name, _, seq_dir in seqs:
        info = read_seqinfo(osp.join(root, 'train', name))
        if info.seq_length != read_seqinfo(seq_dir).seq_length:
            raise DataFormatError(
                osp.join(seq_dir, 'seqinfo.ini'),
                f'seqLength {read_seqinfo(seq_dir).seq_length}, but the '
                f'video has {info.seq_length} frames', field='seqLength')
        test_seq = osp.join(root, 'test', name)
        os.makedirs(osp.join(test_seq, 'gt'), exist_ok=True)
        os.makedirs(osp.join(test_seq, 'det'), exist_ok=True)
        _link(osp.join(root, 'train', name, 'img1'),
              osp.join(test_seq, 'img1'))
        for part in ('seqinfo.ini', osp.join('det', 'det.txt')):
            shutil.copyfile(osp.join(root, 'train', name, part),
                            osp.join(test_seq, part))
        shutil.copyfile(osp.join(seq_dir, 'gt', 'gt.txt'),
                        osp.join(test_seq, 'gt', 'gt.txt'))
    convert_mot_subset(osp.join(root, 'test'), 'test',
                       osp.join(root, 'annotations'), verify_images=False)
    return dict(videos=videos, root=root, spec=spec, speed=speed)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('footage', help='folder of sequences (SEQ/video.mp4, '
                        'SEQ/seqinfo.ini, SEQ/gt/gt.txt[, SEQ/det/det.txt])')
    parser.add_argument('--detections', choices=['hog', 'public'],
                        default='hog',
                        help="'hog': tools/track_video.py's default "
                        "detector; 'public': the footage's det/det.txt")
    parser.add_argument('--detector-options', nargs='+',
                        action=ConfigOptionsAction, metavar='KEY=VALUE',
                        help='arguments of the detector, e.g. (HOG) '
                        'box=window upscale=1.0 for the windows of the old '
                        'default; they reach training too')
    parser.add_argument('--work-dir', required=True)
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--train-config', default=TRAIN_CONFIG,
                        help='the config trained on the videos (default: '
                        'the own-videos cross-input config)')
    parser.add_argument('--learned', nargs='+', default=LEARNED,
                        metavar='CONFIG', help='configs scored with each '
                        "seed's weights")
    parser.add_argument('--peers', nargs='+', default=PEERS,
                        metavar='CONFIG', help='trackers without weights')
    parser.add_argument('--train-options', nargs='+', default=[],
                        metavar='KEY=VALUE',
                        help='extra --cfg-options of the training runs')
    parser.add_argument('--transfer-work-dir', metavar='DIR',
                        help='also score the --learned configs with the '
                        'weights trained on the synthetic corpus in DIR '
                        "(train_seeds.py's folders, e.g. work_dirs/seeds_vs "
                        'of `make cross-input-seeds`; missing seeds are '
                        'trained there on data/synthetic_mot): transfer '
                        'from synthetic to this footage, a second table')
    parser.add_argument('--transfer-config', default=SYNTHETIC_CONFIG,
                        help='the config whose seeds --transfer-work-dir '
                        'holds (default: the synthetic visual-spatial '
                        'config)')
    parser.add_argument('--peers-only', action='store_true',
                        help='score the --peers only (nothing is trained)')
    parser.add_argument('--reuse-scores', action='store_true',
                        help="train_seeds.py's --reuse-scores")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    data = prepare(args.footage, args.work_dir, args.detections,
                   args.detector_options)
    if args.peers_only:
        rows = benchmark_trackers.main([
            *args.peers, '--data-root', data['root'] + '/', '--work-dir',
            osp.join(args.work_dir, 'peers')
        ])
        table = benchmark_trackers.format_table(rows)
        print_speed(args.detections, data['speed'])
        return table, data['speed']
    detector = [f'train_dataloader.dataset.detector.{k}={v}'
                for k, v in data['spec'].items()]
    seeds_argv = [
        args.train_config, '--no-self-score', '--also', *args.learned,
        '--peers', *args.peers, '--seeds', *map(str, args.seeds),
        '--work-dir', osp.join(args.work_dir, 'seeds'), '--eval-data-roots',
        data['root'] + '/', '--train-options',
        f'train_dataloader.dataset.video_dir={data["videos"]}',
        f'train_dataloader.dataset.prepared_root={data["root"]}', *detector,
        *args.train_options
    ]
    if args.reuse_scores:
        seeds_argv.append('--reuse-scores')
    table = train_seeds.main(seeds_argv)
    if args.transfer_work_dir:
        transfer = [
            args.transfer_config, '--no-self-score', '--also', *args.learned,
            '--seeds', *map(str, args.seeds), '--work-dir',
            args.transfer_work_dir, '--scores-dir',
            osp.join(args.work_dir, 'transfer'), '--eval-data-roots',
            data['root'] + '/'
        ]
        if args.reuse_scores:
            transfer.append('--reuse-scores')
        print('\ntrained on the synthetic corpus (transfer):')
        table += '\n\ntransfer\n' + train_seeds.main(transfer)
    print_speed(args.detections, data['speed'])
    return table, data['speed']


def print_speed(detections: str, speed: dict) -> None:
    print(f'\ndetections: {detections} ({speed["detector"]}), '
          f'{speed["fps"]:.1f} FPS over {speed["frames"]} frames '
          '(detector call only)')


if __name__ == '__main__':
    run_tool(main)
