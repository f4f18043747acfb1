r"""Convert KITTI tracking (training/{image_02,label_02}) to CocoVID json.

Writes OUT/{subset}_cocoformat.json (all object types, DontCare regions and
truncation/occlusion levels, for evaluation) and, with --det-dir,
OUT/{subset}_detections.json from detection files in the KITTI label format
(one SEQ.txt per sequence, score in the 18th column).

Example:
    python tools/dataset_converters/kitti2cocovid.py -i data/kitti_tracking \
        -o data/kitti_tracking/annotations --det-dir data/kitti_dets/yolov5 \
        --classes Car
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters import convert_kitti
from mmtrack_unsup.utils import SkipCounter
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('-i', '--input', required=True,
                        help='KITTI tracking root holding training/')
    parser.add_argument('-o', '--output', required=True,
                        help='folder for the json files')
    parser.add_argument('--subset', default='training',
                        choices=['training', 'testing'])
    parser.add_argument('--det-dir', help='detections in KITTI label format')
    parser.add_argument('--classes', nargs='+', default=['Car', 'Pedestrian'],
                        help='tracked classes kept in the detections '
                        '(default: %(default)s)')
    parser.add_argument('--sequences', nargs='+', metavar='SEQ',
                        help='convert only these sequences (e.g. 0000 0001)')
    parser.add_argument('--no-verify-images', action='store_true')
    parser.add_argument('--no-progress', action='store_true')
    args = parser.parse_args(argv)
    skips = SkipCounter()
    paths = convert_kitti(
        args.input, args.output, subset=args.subset, det_dir=args.det_dir,
        classes=args.classes, sequences=args.sequences,
        verify_images=not args.no_verify_images, skips=skips,
        progress=not args.no_progress)
    for kind, path in paths.items():
        print(f'{kind}: {path}')
    print(skips.summary())
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
