"""Detections for the frames of a user's video, from three sources.

* :class:`HOGPeopleDetector`: OpenCV's built-in pedestrian detector; needs
  no downloaded weights, so it works on a fresh machine.
* :class:`MMDetFrameDetector`: any mmdet detector, given config and
  checkpoint.
* :class:`MOTFileDetections`: a detection file in the MOTChallenge text
  format (``frame, -1, x, y, w, h, score, ...``, 1-based frames).

Each is called as ``detector(img, frame_id)`` (BGR frame, 0-based index)
and returns :class:`FrameDetections` in pixels of that frame.
"""
import os.path as osp
from typing import Callable, NamedTuple, Optional, Sequence

import cv2
import numpy as np
from mmcv.ops import nms

from mmtrack_unsup.datasets.formats.mot_challenge import SeqInfo, read_mot_txt
from mmtrack_unsup.utils import SkipCounter
from .video_source import VideoSource


class FrameDetections(NamedTuple):
    """``bboxes`` (N, 4) x1y1x2y2 float32, ``scores`` (N,) float32 in
    [0, 1], ``labels`` (N,) int64."""
    bboxes: np.ndarray
    scores: np.ndarray
    labels: np.ndarray

    @classmethod
    def build(cls, bboxes, scores, labels=None) -> 'FrameDetections':
        bboxes = np.asarray(bboxes, np.float32).reshape(-1, 4)
        scores = np.asarray(scores, np.float32).reshape(-1)
        labels = (np.zeros(len(scores), np.int64) if labels is None else
                  np.asarray(labels, np.int64).reshape(-1))
        assert len(bboxes) == len(scores) == len(labels)
        return cls(bboxes, scores, labels)


class HOGPeopleDetector:
    """OpenCV's HOG + linear SVM people detector (Dalal and Triggs, CVPR
    2005), trained on upright INRIA pedestrians.

    Good for: upright, mostly unoccluded walking people at least ~100 px
    tall (the window is 64x128 with a margin), fixed cameras, a demo on a
    machine without weights. Not good for: seated, crouching or cut-off
    people, crowds (boxes merge and occluded people are missed), small
    people (raise ``upscale``), anything but people. Scores are the SVM
    margins mapped through a logistic, ``1 / (1 + exp(-margin))``, so the
    trackers' [0, 1] thresholds apply; they rank detections but are not
    calibrated probabilities. It is much weaker than a learned detector:
    use an mmdet detector when one is available.

    Args:
        win_stride (int): Step of the sliding window in pixels. Defaults
            to 8.
        scale (float): Factor between pyramid levels. Defaults to 1.05.
        hit_threshold (float): Minimum SVM margin. Defaults to 0.
        upscale (float): Resize the frame by this before detecting (boxes
            are mapped back). Defaults to 1.
        nms_iou (float): Non-maximum suppression (mmcv's) of overlapping
            windows; OpenCV's own grouping is turned off, as it drops the
            scores. Defaults to 0.3 (HOG nests windows of one person at
            several scales).
    """

    def __init__(self, win_stride: int = 8, scale: float = 1.05,
                 hit_threshold: float = 0.0, upscale: float = 1.0,
                 nms_iou: float = 0.3) -> None:
        if upscale <= 0 or scale <= 1:
            raise ValueError('upscale must be > 0 and scale > 1')
        self.hog = cv2.HOGDescriptor()
        self.hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self.win_stride = (win_stride, win_stride)
        self.scale = scale
        self.hit_threshold = hit_threshold
        self.upscale = upscale
        self.nms_iou = nms_iou

    def __call__(self, img: np.ndarray, frame_id: int) -> FrameDetections:
        if self.upscale != 1:
            img = cv2.resize(img, None, fx=self.upscale, fy=self.upscale)
        rects, margins = self.hog.detectMultiScale(
            img, hitThreshold=self.hit_threshold, winStride=self.win_stride,
            padding=(8, 8), scale=self.scale, groupThreshold=0)
        if len(rects) == 0:
            return FrameDetections.build(np.zeros((0, 4)), np.zeros(0))
        rects = np.asarray(rects, np.float32).reshape(-1, 4)
        margins = np.asarray(margins, np.float32).reshape(-1)
        boxes = np.concatenate([rects[:, :2], rects[:, :2] + rects[:, 2:]],
                               axis=1) / self.upscale
        _, keep = nms(boxes, margins, self.nms_iou)  # by margin, descending
        keep = np.asarray(keep, np.int64).reshape(-1)
        return FrameDetections.build(boxes[keep],
                                     1 / (1 + np.exp(-margins[keep])))


class MMDetFrameDetector:
    """Any mmdet detector (``mmdet.apis.init_detector`` /
    ``inference_detector``).

    Args:
        config (str): The detector's config file.
        checkpoint (str): Its weights.
        classes (Sequence[str], optional): Keep only these class names (the
            detector's ``dataset_meta['classes']``), e.g. ``['person']`` for
            a COCO detector; they are relabelled 0, 1, ... in this order.
            Defaults to all classes with the detector's labels.
        score_thr (float): Drop detections below this. Defaults to 0.
        device (str): Defaults to ``'cpu'``.
    """

    def __init__(self, config: str, checkpoint: str,
                 classes: Optional[Sequence[str]] = None,
                 score_thr: float = 0.0, device: str = 'cpu') -> None:
        from mmdet.apis import init_detector
        self.model = init_detector(config, checkpoint, device=device)
        names = list(self.model.dataset_meta.get('classes', ()))
        self.label_map = None
        if classes is not None:
            unknown = [c for c in classes if c not in names]
            if unknown:
                raise ValueError(f'{config}: the detector has no classes '
                                 f'{unknown}; it knows {names}')
            self.label_map = {names.index(c): i for i, c in enumerate(classes)}
        self.score_thr = score_thr

    def __call__(self, img: np.ndarray, frame_id: int) -> FrameDetections:
        from mmdet.apis import inference_detector
        pred = inference_detector(self.model, img).pred_instances.cpu()
        bboxes = pred.bboxes.numpy()
        scores = pred.scores.numpy()
        labels = pred.labels.numpy()
        keep = scores >= self.score_thr
        if self.label_map is not None:
            keep &= np.isin(labels, list(self.label_map))
            labels = np.array([self.label_map.get(int(v), -1)
                               for v in labels], np.int64)
        return FrameDetections.build(bboxes[keep], scores[keep], labels[keep])


class MOTFileDetections:
    """Detections read from a MOTChallenge ``det.txt``: rows ``frame, id,
    x, y, w, h, score, ...`` with 1-based frames (MOT17's public detections,
    or any detector's output written in that format).

    Malformed lines raise :class:`DataFormatError` with file and line, a
    frame beyond the video's end too; unusable boxes (zero size, outside the
    frame) are skipped and counted in :attr:`skips`.

    Args:
        path (str): The text file.
        num_frames (int): Frames in the video.
        width (int): Frame width.
        height (int): Frame height.
    """

    def __init__(self, path: str, num_frames: int, width: int,
                 height: int) -> None:
        info = SeqInfo(name=path, im_dir='', frame_rate=0,
                       seq_length=num_frames, width=width, height=height,
                       im_ext='')
        self.skips = SkipCounter()
        self.records = read_mot_txt(path, 'det', info, self.skips)
        self.path = path

    def __call__(self, img: Optional[np.ndarray],
                 frame_id: int) -> FrameDetections:
        recs = self.records.get(frame_id + 1, [])
        boxes = np.array([r.bbox for r in recs], np.float32).reshape(-1, 4)
        boxes[:, 2:] += boxes[:, :2]
        return FrameDetections.build(boxes, [r.conf for r in recs])


def detector_factory(spec: dict) -> Callable[[VideoSource], Callable]:
    """``VideoSource -> detector`` for a json-serialisable ``spec``:
    ``dict(kind='hog', **HOGPeopleDetector args)``,
    ``dict(kind='mmdet', **MMDetFrameDetector args)`` (built once, shared by
    all videos) or ``dict(kind='mot', path=...)``: a MOT ``det.txt`` for one
    video, or a folder of ``VIDEO_NAME.txt`` files for several."""
    spec = dict(spec)
    kind = spec.pop('kind', None)
    if kind == 'hog':
        hog = HOGPeopleDetector(**spec)
        return lambda source: hog
    if kind == 'mmdet':
        model = MMDetFrameDetector(**spec)
        return lambda source: model
    if kind == 'mot':
        path = spec.pop('path')
        if spec:
            raise TypeError(f'unknown arguments of MOT detections: {spec}')

        def read(source: VideoSource) -> MOTFileDetections:
            file = (osp.join(path, f'{source.name}.txt') if osp.isdir(path)
                    else path)
            return MOTFileDetections(file, len(source), source.width,
                                     source.height)

        return read
    raise ValueError("detector kind must be 'hog', 'mmdet' or 'mot', got "
                     f'{kind!r}')
