r"""Convert MOTChallenge (MOT15/16/17/20) folders to CocoVID json.

Writes OUT/{subset}_cocoformat.json (ground truth, for evaluation) and
OUT/{subset}_detections.json (public detections with scores and detector
name) for every subset.

Example:
    python tools/dataset_converters/mot2cocovid.py -i data/MOT17 \
        -o data/MOT17/annotations --split-train
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters import convert_mot
from mmtrack_unsup.utils import SkipCounter
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('-i', '--input', required=True,
                        help='MOT root holding train/ (and test/)')
    parser.add_argument('-o', '--output', required=True,
                        help='folder for the json files')
    parser.add_argument('--split-train', action='store_true',
                        help='also write half-train/half-val (first/second '
                        'half of every training sequence, as in mmdet)')
    parser.add_argument('--detectors', nargs='+', metavar='NAME',
                        help='keep only sequences of these public detectors '
                        '(MOT17: DPM FRCNN SDP); default: all')
    parser.add_argument('--no-verify-images', action='store_true',
                        help='only check that frames exist, do not decode')
    parser.add_argument('--no-progress', action='store_true')
    args = parser.parse_args(argv)
    subsets = ['train', 'test']
    if args.split_train:
        subsets += ['half-train', 'half-val']
    skips = SkipCounter()
    written = convert_mot(
        args.input, args.output, subsets=subsets, detectors=args.detectors,
        verify_images=not args.no_verify_images, skips=skips,
        progress=not args.no_progress)
    for subset, paths in written.items():
        print(f'{subset}: {paths["gt"]}, {paths["detections"]}')
    print(skips.summary())
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
