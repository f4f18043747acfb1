r"""Generate the synthetic tracking corpus in the real benchmarks' layouts.

Examples:
    # MOT17 layout: train (seed 0) and held-out test (seed 1000) sequences,
    # converted to CocoVID json under OUT/annotations
    python tools/make_synthetic.py data/synthetic_mot --mot --convert

    # masks, as configs/solo_track.py reads COCO 2017 and YouTube-VIS 2019:
    # OUT/coco/{train2017/, annotations/instances_train2017.json} (seed 0)
    # and OUT/youtube_vis_2019/{train/JPEGImages/, train.json} (seed 1000),
    # whose videos are then held out and converted with the same functions
    # as tools/dataset_converters/{split_youtubevis,youtubevis2cocovid}.py
    # (OUT/youtube_vis_2019/annotations/ytvis2019_coco20_heldout.json)
    python tools/make_synthetic.py data/synthetic_vis --coco-images 200 \
        --vis-videos 8 --preset vis

    # a domain gap between the labeled images and the videos, as between
    # COCO stills and YouTube-VIS frames: motion blur, half resolution, a
    # colour shift, JPEG 30, and smaller objects in the videos (the vis
    # preset draws them 50-140 px tall)
    python tools/make_synthetic.py data/synthetic_vis_gap --coco-images 200 \
        --vis-videos 8 --preset vis --video-domain gap \
        --video-set object_height=[30,90]

    # poses, as PoseTrack18 and COCO keypoints: walking figures; labeled
    # images (seed 0) and held-out videos (seed 1000), merged for mmpose
    python tools/make_synthetic.py data/synthetic_pose --preset pose \
        --pose-images 500 --pose-videos 10

    # any scene option, e.g. denser and longer
    python tools/make_synthetic.py data/dense --mot \
        --set max_objects=20 num_frames=300 occlusion_rate=0.9
"""
import argparse
import json
import os
import os.path as osp
import shutil
import sys

from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                               convert_mot,
                                               convert_youtubevis,
                                               merge_posetrack18,
                                               split_youtubevis)
from mmtrack_unsup.datasets.synthetic import (PRESETS, VIDEO_DOMAINS,
                                              get_preset,
                                              write_coco_images,
                                              write_coco_keypoints,
                                              write_mot_split,
                                              write_posetrack18,
                                              write_youtubevis)
from mmtrack_unsup.utils import SkipCounter
from mmtrack_unsup.utils.entrypoint import run_tool


def parse_set(items):
    """``key=value`` pairs; values are parsed as json (numbers, lists)."""
    out = {}
    for item in items or []:
        if '=' not in item:
            raise SystemExit(f'--set expects key=value, got {item!r}')
        key, value = item.split('=', 1)
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('out', help='output root folder')
    parser.add_argument('--preset', default='default', choices=list(PRESETS),
                        help='scene difficulty (default: %(default)s)')
    parser.add_argument('--set', nargs='+', metavar='KEY=VALUE',
                        help='override SceneConfig fields (see '
                        'mmtrack_unsup/datasets/synthetic/config.py)')
    parser.add_argument('--mot', action='store_true',
                        help='write MOT17-layout train/ and test/ splits')
    parser.add_argument('--train-seqs', type=int, default=6)
    parser.add_argument('--test-seqs', type=int, default=4)
    parser.add_argument('--train-seed', type=int, default=0)
    parser.add_argument('--test-seed', type=int, default=1000,
                        help='seed of held-out sequences; must differ from '
                        '--train-seed')
    parser.add_argument('--convert', action='store_true',
                        help='also convert the MOT splits to CocoVID json '
                        '(OUT/annotations)')
    parser.add_argument('--coco-images', type=int, default=0,
                        help='number of labeled single images (COCO json)')
    parser.add_argument('--vis-videos', type=int, default=0,
                        help='number of YouTube-VIS videos (seed '
                        '--test-seed)')
    parser.add_argument('--vis-heldout', type=int, default=None,
                        help='how many of them to hold out for evaluation '
                        '(default: all); the rest are the unlabeled '
                        'training videos')
    parser.add_argument('--pose-images', type=int, default=0,
                        help='labeled pose images (COCO keypoints json)')
    parser.add_argument('--pose-videos', type=int, default=0,
                        help='held-out pose videos (PoseTrack18 val layout)')
    parser.add_argument('--vis-frame-stride', type=int, default=5,
                        help='keep one of every K simulated frames in the '
                        'VIS videos (num_frames are kept), as YouTube-VIS '
                        'keeps every fifth frame (default: %(default)s)')
    parser.add_argument('--video-domain', default='none',
                        choices=list(VIDEO_DOMAINS),
                        help="how the VIS videos' frames differ from the "
                        "labeled images: 'gap' blurs, shrinks, recolours "
                        'and compresses them as video frames differ from '
                        'stills (VideoDomain; default: %(default)s)')
    parser.add_argument('--video-domain-set', nargs='+', metavar='KEY=VALUE',
                        help='override VideoDomain fields (mmtrack_unsup/'
                        'datasets/synthetic/video_domain.py)')
    parser.add_argument('--video-set', nargs='+', metavar='KEY=VALUE',
                        help='SceneConfig fields of the VIS videos only, '
                        'on top of --set (e.g. object_height=[30,90]: '
                        'another object scale than the images)')
    parser.add_argument('--no-progress', action='store_true')
    parser.add_argument('--overwrite', action='store_true',
                        help='remove what an earlier run wrote into OUT '
                        '(the folders this run writes) before writing')
    args = parser.parse_args(argv)
    if args.train_seed == args.test_seed:
        parser.error('--train-seed and --test-seed must differ (held-out '
                     'sequences must not repeat training scenes)')
    if args.vis_heldout is not None and not (
            0 < args.vis_heldout <= args.vis_videos):
        parser.error('--vis-heldout must lie in 1..--vis-videos')
    if args.vis_frame_stride < 1:
        parser.error('--vis-frame-stride must be >= 1')
    if not (args.mot or args.coco_images or args.vis_videos or
            args.pose_images or args.pose_videos):
        parser.error('nothing to write: give --mot, --coco-images, '
                     '--vis-videos, --pose-images or --pose-videos')
    return args


def write_vis_videos(root: str, args, cfg) -> None:
    """train.json, then the held-out part converted as configs/solo_track.py
    evaluates it (the commands in its header, run as functions)."""
    try:
        domain = VIDEO_DOMAINS[args.video_domain].updated(
            **parse_set(args.video_domain_set))
        cfg = cfg.updated(**parse_set(args.video_set))
    except (KeyError, ValueError) as e:
        raise SystemExit(f'--video-domain-set / --video-set: {e}') from None
    raw = write_youtubevis(root, 'train', args.vis_videos, args.test_seed,
                           cfg, frame_stride=args.vis_frame_stride,
                           progress=not args.no_progress, domain=domain)
    ann = osp.join(root, 'annotations')
    num_heldout = args.vis_heldout or args.vis_videos
    split_youtubevis(raw, osp.join(ann, 'train_split.json'),
                     osp.join(ann, 'heldout_split.json'), num_heldout,
                     list(YTVIS2019_COCO_OVERLAP))
    out = osp.join(ann, 'ytvis2019_coco20_heldout.json')
    convert_youtubevis(osp.join(ann, 'heldout_split.json'), out,
                       categories=list(YTVIS2019_COCO_OVERLAP))
    msg = (f'{args.vis_videos} videos -> {raw}; {num_heldout} held out '
           f'(CocoVID: {out})')
    if num_heldout < args.vis_videos:
        # the others: unlabeled training videos (SOLO-Track, Sec. 3.4)
        unlabeled = osp.join(ann, 'ytvis2019_unlabeled_train.json')
        convert_youtubevis(osp.join(ann, 'train_split.json'), unlabeled,
                           drop_annotations=True)
        msg += (f'; {args.vis_videos - num_heldout} unlabeled training '
                f'videos ({unlabeled})')
    print(msg)


def owned_entries(args) -> list:
    """The folders of OUT this run writes (and so replaces)."""
    owned = []
    if args.mot:  # new sequences make any earlier annotations stale
        owned += [s for s, n in (('train', args.train_seqs),
                                 ('test', args.test_seqs)) if n > 0]
        owned.append('annotations')
    if args.coco_images or args.pose_images:
        owned.append('coco')
    if args.vis_videos:
        owned.append('youtube_vis_2019')
    if args.pose_videos:
        owned.append('posetrack18')
    return owned


def clear_earlier_run(args) -> None:
    """Refuse to write over an earlier run (its sequences and split files
    would stay beside the new ones and be read with them), or with
    ``--overwrite`` remove them first."""
    earlier = [name for name in owned_entries(args)
               if osp.exists(osp.join(args.out, name))]
    if earlier and not args.overwrite:
        raise SystemExit(
            f'{args.out}: already holds {", ".join(earlier)} of an earlier '
            'run, whose files would mix with this one (sequences and split '
            'files of the old run would stay); pass --overwrite to remove '
            'them first, or choose another folder')
    for name in earlier:
        path = osp.join(args.out, name)
        if osp.isdir(path) and not osp.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)


def main(argv=None):
    args = parse_args(argv)
    try:
        cfg = get_preset(args.preset).updated(**parse_set(args.set))
    except ValueError as e:
        raise SystemExit(f'--set: {e}') from None
    clear_earlier_run(args)
    progress = not args.no_progress
    if args.mot:
        written = []
        for split, n, seed in (('train', args.train_seqs, args.train_seed),
                               ('test', args.test_seqs, args.test_seed)):
            if n <= 0:
                continue
            written.append(split)
            stats = write_mot_split(args.out, split, n, seed, cfg, progress)
            tracks = sum(s['tracks'] for s in stats)
            dets = sum(s['detections'] for s in stats)
            print(f'{split}: {n} sequences, {tracks} tracks, {dets} '
                  f'detections -> {osp.join(args.out, split)}')
        if args.convert:
            skips = SkipCounter()
            written = convert_mot(args.out, osp.join(args.out, 'annotations'),
                                  subsets=written, skips=skips,
                                  progress=progress)
            for subset, paths in written.items():
                print(f'{subset}: {paths["gt"]}, {paths["detections"]}')
            print(skips.summary())
    if args.coco_images:
        path = write_coco_images(osp.join(args.out, 'coco'), 'train2017',
                                 args.coco_images, args.train_seed, cfg,
                                 progress=progress)
        print(f'{args.coco_images} labeled images -> {path}')
    if args.vis_videos:
        write_vis_videos(osp.join(args.out, 'youtube_vis_2019'), args, cfg)
    if args.pose_images:
        path = write_coco_keypoints(osp.join(args.out, 'coco'), 'train2017',
                                    args.pose_images, args.train_seed, cfg,
                                    progress=progress)
        print(f'{args.pose_images} labeled pose images -> {path}')
    if args.pose_videos:
        root = osp.join(args.out, 'posetrack18')
        write_posetrack18(root, 'val', args.pose_videos, args.test_seed, cfg,
                          progress=progress)
        out = osp.join(root, 'annotations', 'posetrack18_val.json')
        merge_posetrack18(osp.join(root, 'annotations', 'val'), out, root)
        print(f'{args.pose_videos} pose videos -> {out}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
