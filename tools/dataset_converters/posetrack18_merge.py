r"""Merge PoseTrack18's per-video annotation jsons into the one COCO-style
file mmpose's PoseTrack18 datasets read, adding the image sizes they need.

Example:
    python tools/dataset_converters/posetrack18_merge.py \
        data/posetrack18/annotations/val \
        data/posetrack18/annotations/posetrack18_val.json \
        --data-root data/posetrack18
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters import merge_posetrack18
from mmtrack_unsup.utils import SkipCounter
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('ann_dir', help='folder of per-video jsons')
    parser.add_argument('out', help='the merged json')
    parser.add_argument('--data-root', required=True,
                        help='folder the images\' file_name is relative to')
    args = parser.parse_args(argv)
    skips = SkipCounter()
    out = merge_posetrack18(args.ann_dir, args.out, args.data_root, skips)
    print(f'{len(out["images"])} images, {len(out["annotations"])} people '
          f'-> {args.out}\n{skips.summary()}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
