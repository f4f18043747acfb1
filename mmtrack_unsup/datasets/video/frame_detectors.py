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
import inspect
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


def margin_to_score(margins: np.ndarray) -> np.ndarray:
    """HOG's linear-SVM margin -> a detection score in [0, 1]: the logistic
    ``1 / (1 + exp(-margin))``.

    A fixed function of the margin, which is a property of the window's
    appearance alone, so a tracker threshold means the same on every video.
    The SVM was trained with the hinge loss, so its decision boundary
    (margin 0) becomes 0.5 and its positive support plane (margin 1) 0.73.
    What the trackers' thresholds (mmdet's MOT17 settings) then ask of a
    window:

    ===============================================  =====  ===========
    threshold                                        score  SVM margin
    ===============================================  =====  ===========
    SORT ``obj_score_thr``                           0.5    >= 0
    ByteTrack high/low split ``obj_score_thrs.high``  0.6    >= 0.41
    ByteTrack, OC-SORT ``init_track_thr``            0.7    >= 0.85
    ===============================================  =====  ===========

    The scores rank windows; they are not calibrated probabilities.
    """
    return 1 / (1 + np.exp(-np.asarray(margins, np.float32)))


class HOGPeopleDetector:
    """OpenCV's HOG + linear SVM people detector (Dalal and Triggs, CVPR
    2005), trained on upright INRIA pedestrians, with boxes that fit the
    person.

    Good for: upright, mostly unoccluded walking people, fixed cameras, a
    demo on a machine without weights. Not good for: seated, crouching or
    cut-off people, crowds (boxes merge and occluded people are missed),
    anything but people. It is much weaker than a learned detector: use an
    mmdet detector when one is available.

    **Boxes.** The SVM scores 64x128 *windows*, and its training windows hold
    the person with "about 16 pixels of margin around the person on all four
    sides" (Dalal and Triggs, Sec. 6.6, "Detector Window and Context"; the
    INRIA person set's normalised training crops): a person 32x96
    px centred in the window. With ``box='person'`` each window becomes that
    inner box (half its width, 3/4 of its height, same centre), the box a
    benchmark's ground truth draws around the person; ``box='window'`` keeps
    the window (this class's behaviour before the person box existed).

    **Image pyramid.** The smallest person the window holds is 96 px tall,
    so the frame is resized by ``96 / min_person_height`` before the
    pyramid (OpenCV's ``detectMultiScale``, growing by ``scale`` up to the
    frame) is scanned. ``min_person_height`` defaults to 1/8 of the frame
    height: people that small are found in any frame, a 480-line video is
    upscaled 1.6x, a 1080-line one not at all (the resize never shrinks the
    frame, so people of 96 px and more are always searched for). An
    explicit ``upscale`` replaces this rule.

    **Scores**: :func:`margin_to_score` of the SVM margin, so the trackers'
    [0, 1] thresholds mean the same on every video.

    Args:
        win_stride (int): Step of the sliding window in pixels. Defaults
            to 8.
        scale (float): Factor between pyramid levels. Defaults to 1.05.
        hit_threshold (float): Minimum SVM margin (0 is the SVM's decision
            boundary, OpenCV's default). Defaults to 0.
        min_person_height (float, optional): Height in pixels of the
            smallest person to find. Defaults to None: 1/8 of the frame
            height.
        upscale (float, optional): Resize every frame by this instead
            (boxes are mapped back). Defaults to None: from
            ``min_person_height``.
        nms_iou (float): Non-maximum suppression (mmcv's) of overlapping
            windows; OpenCV's own grouping is turned off, as it drops the
            scores. Defaults to 0.3 (HOG nests windows of one person at
            several scales).
        box (str): ``'person'`` (default) or ``'window'``, see above.
    """
    WINDOW = (64, 128)  # width, height of the SVM's window
    PERSON = (32, 96)  # the person inside it (16 px margin on each side)
    MIN_PERSON_FRACTION = 1 / 8  # default smallest person / frame height

    def __init__(self, win_stride: int = 8, scale: float = 1.05,
                 hit_threshold: float = 0.0,
                 min_person_height: Optional[float] = None,
                 upscale: Optional[float] = None, nms_iou: float = 0.3,
                 box: str = 'person') -> None:
        if upscale is not None and upscale <= 0:
            raise ValueError(f'upscale must be > 0, got {upscale}')
        if scale <= 1:
            raise ValueError(f'scale must be > 1, got {scale}')
        if min_person_height is not None and min_person_height <= 0:
            raise ValueError('min_person_height must be > 0, got '
                             f'{min_person_height}')
        if box not in ('person', 'window'):
            raise ValueError(f"box must be 'person' or 'window', got {box!r}")
        self.hog = cv2.HOGDescriptor()
        self.hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self.win_stride = (win_stride, win_stride)
        self.scale = scale
        self.hit_threshold = hit_threshold
        self.min_person_height = min_person_height
        self.upscale = upscale
        self.nms_iou = nms_iou
        self.box = box

    def frame_scale(self, height: int) -> float:
        """The resize applied to a frame ``height`` pixels high."""
        if self.upscale is not None:
            return self.upscale
        min_height = (self.min_person_height if self.min_person_height
                      is not None else height * self.MIN_PERSON_FRACTION)
        return max(1.0, self.PERSON[1] / min_height)

    def person_boxes(self, windows: np.ndarray) -> np.ndarray:
        """x1y1x2y2 windows -> the person box inside each (same centre)."""
        centre = (windows[:, :2] + windows[:, 2:]) / 2
        half = (windows[:, 2:] - windows[:, :2]) / 2 * (
            np.array(self.PERSON, np.float32) /
            np.array(self.WINDOW, np.float32))
        return np.concatenate([centre - half, centre + half], axis=1)

    def __call__(self, img: np.ndarray, frame_id: int) -> FrameDetections:
        factor = self.frame_scale(img.shape[0])
        if factor != 1:
            img = cv2.resize(img, None, fx=factor, fy=factor)
        if img.shape[0] < self.WINDOW[1] or img.shape[1] < self.WINDOW[0]:
            # no window fits (and OpenCV 4 crashes the process on such a
            # frame instead of raising)
            return FrameDetections.build(np.zeros((0, 4)), np.zeros(0))
        rects, margins = self.hog.detectMultiScale(
            img, hitThreshold=self.hit_threshold, winStride=self.win_stride,
            padding=(8, 8), scale=self.scale, groupThreshold=0)
        if len(rects) == 0:
            return FrameDetections.build(np.zeros((0, 4)), np.zeros(0))
        rects = np.asarray(rects, np.float32).reshape(-1, 4)
        margins = np.asarray(margins, np.float32).reshape(-1)
        windows = np.concatenate([rects[:, :2], rects[:, :2] + rects[:, 2:]],
                                 axis=1) / factor
        # duplicates are windows of one person at nearby positions/scales
        _, keep = nms(windows, margins, self.nms_iou)  # by margin, descending
        keep = np.asarray(keep, np.int64).reshape(-1)
        boxes = windows[keep]
        if self.box == 'person':
            boxes = self.person_boxes(boxes)
        return FrameDetections.build(boxes, margin_to_score(margins[keep]))


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


def resolve_detector_spec(spec: dict) -> dict:
    """``spec`` with every default of its detector written out, so that a
    record of it (``source.json`` of :mod:`videos2mot`) changes when a
    default does: detections made with the old defaults are then redone,
    not silently reused."""
    spec = dict(spec)
    if spec.get('kind') == 'hog':
        params = inspect.signature(HOGPeopleDetector.__init__).parameters
        for name, param in params.items():
            if name != 'self':
                spec.setdefault(name, param.default)
    return spec


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
