r"""Convert a YouTube-VIS 2019/2021 json to CocoVID json for mmdet's
YouTubeVISDataset, optionally keeping only a category subset.

Examples:
    # full 2019 train split
    python tools/dataset_converters/youtubevis2cocovid.py \
        data/youtube_vis_2019/train.json \
        data/youtube_vis_2019/annotations/youtube_vis_2019_train.json

    # the 20 categories that overlap COCO (SOLO-Track evaluation)
    python tools/dataset_converters/youtubevis2cocovid.py \
        data/youtube_vis_2019/train.json \
        data/youtube_vis_2019/annotations/ytvis2019_coco20_train.json \
        --coco-overlap

    # unlabeled training videos for SOLO-Track's cycle-consistency loss:
    # the videos not held out, without any annotation
    python tools/dataset_converters/youtubevis2cocovid.py \
        data/youtube_vis_2019/annotations/train_split.json \
        data/youtube_vis_2019/annotations/ytvis2019_unlabeled_train.json \
        --drop-annotations
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                               convert_youtubevis)
from mmtrack_unsup.utils import SkipCounter
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('input', help='YouTube-VIS json')
    parser.add_argument('output', help='CocoVID json to write')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--coco-overlap', action='store_true',
                       help='keep the 20 YouTube-VIS 2019 categories that '
                       'overlap COCO')
    group.add_argument('--categories', nargs='+', metavar='NAME',
                       help='keep these categories')
    parser.add_argument('--keep-mixed-videos', action='store_true',
                        help='with a subset, keep videos that also show '
                        'other categories')
    parser.add_argument('--unlabeled', action='store_true',
                        help='convert a split without annotations (2019 '
                        'valid/test) for a server submission with '
                        'format_only; it cannot be scored here')
    parser.add_argument('--drop-annotations', action='store_true',
                        help='write videos and frames only, without any '
                        'annotation (unlabeled training videos)')
    args = parser.parse_args(argv)
    cats = (list(YTVIS2019_COCO_OVERLAP) if args.coco_overlap else
            args.categories)
    skips = SkipCounter()
    out = convert_youtubevis(args.input, args.output, categories=cats,
                             drop_mixed_videos=not args.keep_mixed_videos,
                             skips=skips, unlabeled=args.unlabeled,
                             drop_annotations=args.drop_annotations)
    print(f'{len(out["videos"])} videos, {len(out["images"])} frames, '
          f'{len(out["annotations"])} masks -> {args.output}')
    print(skips.summary())
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
