r"""Refine public detections as Tracktor++ does, the pre-processing paper A
applies to MOT17 (Sec. 5): a two-stage mmdet detector (e.g. mmdet's Faster
R-CNN R-50 FPN, with your COCO or MOT17 weights) rescores every public box
with its person probability and regresses it; boxes scoring <= 0.5 and
boxes NMS (IoU 0.3) suppresses are dropped. Writes X_detections_tracktor.json
beside X_detections.json; the MOT17 configs read it with
public_det_refinement='tracktor' on their datasets.

Example:
    python tools/dataset_converters/refine_detections.py \
        data/MOT17/annotations/train_detections.json \
        --img-root data/MOT17/train \
        --det-config mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py \
        --det-checkpoint faster_rcnn_r50_fpn_coco.pth
"""
import argparse
import sys

from mmtrack_unsup.datasets.converters.refine_detections import \
    refine_detection_file
from mmtrack_unsup.datasets.detection_file import refined_detection_name
from mmtrack_unsup.models.detectors import PublicDetectionRefiner
from mmtrack_unsup.utils.entrypoint import run_tool


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('detections', help='a *_detections.json written by '
                        'our converters')
    parser.add_argument('-o', '--output', help='output json (default: '
                        'DETECTIONS with _tracktor before .json)')
    parser.add_argument('--img-root', required=True,
                        help="folder the images' file_name is relative to "
                        '(MOT17: data/MOT17/train or data/MOT17/test)')
    parser.add_argument('--det-config', required=True,
                        help='a two-stage mmdet detector config')
    parser.add_argument('--det-checkpoint', required=True,
                        help='its weights')
    parser.add_argument('--person-class', default='person',
                        help="the detector's person class (default: person)")
    parser.add_argument('--score-thr', type=float, default=0.5,
                        help="Tracktor's detection_person_thresh (0.5)")
    parser.add_argument('--nms-thr', type=float, default=0.3,
                        help="Tracktor's detection_nms_thresh (0.3)")
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--no-progress', action='store_true')
    args = parser.parse_args(argv)
    output = args.output or refined_detection_name(args.detections,
                                                   'tracktor')
    refiner = PublicDetectionRefiner(
        args.det_config, args.det_checkpoint, args.person_class,
        args.score_thr, args.nms_thr, args.device)
    counts = refine_detection_file(args.detections, output, args.img_root,
                                   refiner, progress=not args.no_progress)
    print(f'{counts["kept"]} of {counts["detections"]} public detections '
          f'kept on {counts["frames"]} frames -> {output}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
