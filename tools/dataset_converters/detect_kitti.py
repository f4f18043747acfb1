r"""Write KITTI tracking detections with any mmdet detector (KITTI ships
none; paper A used a COCO-trained YOLOv5, Sec. 5): one SEQ.txt per sequence
in the KITTI label format with a score column, the input of
kitti2cocovid.py --det-dir. COCO's 'car' becomes KITTI's Car, 'person'
Pedestrian.

Example (any mmdet COCO detector config with your weights):
    python tools/dataset_converters/detect_kitti.py -i data/kitti_tracking \
        --subset testing -o data/kitti_dets/testing \
        --det-config mmdet::yolox/yolox_s_8xb8-300e_coco.py \
        --det-checkpoint yolox_s_coco.pth --classes car --score-thr 0.1
    python tools/dataset_converters/kitti2cocovid.py -i data/kitti_tracking \
        -o data/kitti_tracking/annotations --subset testing \
        --det-dir data/kitti_dets/testing --classes Car
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters.detect_kitti import (
    COCO_TO_KITTI, write_kitti_detections)
from mmtrack_unsup.datasets.video import MMDetFrameDetector
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('-i', '--input', required=True,
                        help='KITTI tracking root (training/, testing/)')
    parser.add_argument('-o', '--output', required=True,
                        help='folder for the SEQ.txt detection files')
    parser.add_argument('--subset', default='training',
                        choices=['training', 'testing'])
    parser.add_argument('--det-config', required=True,
                        help='an mmdet detector config')
    parser.add_argument('--det-checkpoint', required=True,
                        help='its weights')
    parser.add_argument('--classes', nargs='+', default=['car'],
                        choices=sorted(COCO_TO_KITTI),
                        help="the detector's classes to keep (COCO names; "
                        'default: car)')
    parser.add_argument('--score-thr', type=float, default=0.1,
                        help='drop boxes below this (default: 0.1; the '
                        "trackers' thresholds apply later)")
    parser.add_argument('--sequences', nargs='+', metavar='SEQ')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--no-progress', action='store_true')
    args = parser.parse_args(argv)
    detector = MMDetFrameDetector(args.det_config, args.det_checkpoint,
                                  classes=args.classes,
                                  score_thr=args.score_thr,
                                  device=args.device)
    counts = write_kitti_detections(
        args.input, args.subset, args.output, detector,
        [COCO_TO_KITTI[c] for c in args.classes], args.sequences,
        progress=not args.no_progress)
    for seq, n in counts.items():
        print(f'{seq}: {n} detections')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
