r"""Turn a folder of your own unlabeled videos into a MOTChallenge split with
detections: OUT/train/NAME/{img1/,det/det.txt,seqinfo.ini} and
OUT/annotations/train_detections.json (+ train_cocoformat.json without
annotations), the input of the cross-input tracker's training and of every
public-detection tracker config.

Training does this by itself (UnlabeledVideoFolderDataset); run it alone to
inspect the detections first or to track the videos with tools/test.py.

Example:
    python tools/dataset_converters/videos2mot.py data/my_videos \
        -o data/my_videos_mot --detector hog
"""
import argparse
import sys

from mmtrack_unsup.apis import detector_factory
from mmtrack_unsup.datasets.converters.videos2mot import videos_to_mot
from mmtrack_unsup.utils.entrypoint import (add_detector_args, detector_spec,
                                           hog_spec, run_tool)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('video_dir', help='folder of video files and/or '
                        'frame folders')
    parser.add_argument('-o', '--output', required=True,
                        help='output root (MOT layout)')
    add_detector_args(parser, 'folder of MOTChallenge det.txt files named '
                      'VIDEO_NAME.txt')
    parser.add_argument('--device', default='cpu',
                        help='device of an mmdet detector')
    parser.add_argument('--no-progress', action='store_true')
    args = parser.parse_args(argv)
    spec = detector_spec(args, args.device) or hog_spec(args)
    paths = videos_to_mot(args.video_dir, args.output,
                          detector_factory(spec), spec,
                          progress=not args.no_progress)
    print(f'detections: {paths["detections"]}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main))
