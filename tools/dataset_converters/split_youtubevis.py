r"""Hold out labelled YouTube-VIS videos for a scored evaluation.

YouTube-VIS 2019 valid/test have no public masks, so SOLO-Track is scored on
videos held out of train.json: this splits it by video (seeded). Held-out
videos are drawn only among those whose objects are all of the 20 categories
shared with COCO (--coco-overlap), so their conversion keeps every video.

Example (then convert the held-out part as configs/solo_track.py expects):
    python tools/dataset_converters/split_youtubevis.py \
        data/youtube_vis_2019/train.json \
        data/youtube_vis_2019/annotations/train_split.json \
        data/youtube_vis_2019/annotations/heldout_split.json \
        --num-heldout 300 --coco-overlap
    python tools/dataset_converters/youtubevis2cocovid.py \
        data/youtube_vis_2019/annotations/heldout_split.json \
        data/youtube_vis_2019/annotations/ytvis2019_coco20_heldout.json \
        --coco-overlap
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                               split_youtubevis)
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('input', help='labelled YouTube-VIS json (train)')
    parser.add_argument('train_out', help='json of the remaining videos')
    parser.add_argument('heldout_out', help='json of the held-out videos')
    parser.add_argument('--num-heldout', type=int, required=True,
                        help='videos to hold out')
    parser.add_argument('--coco-overlap', action='store_true',
                        help='hold out only videos whose objects are all '
                        'of the 20 categories shared with COCO')
    parser.add_argument('--seed', type=int, default=0,
                        help='seed of the draw (default: %(default)s)')
    args = parser.parse_args(argv)
    ids = split_youtubevis(
        args.input, args.train_out, args.heldout_out, args.num_heldout,
        categories=list(YTVIS2019_COCO_OVERLAP) if args.coco_overlap
        else None, seed=args.seed)
    print(f'{len(ids["train"])} videos -> {args.train_out}\n'
          f'{len(ids["heldout"])} videos -> {args.heldout_out}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
