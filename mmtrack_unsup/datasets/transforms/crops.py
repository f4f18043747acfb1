"""Cutting detection crops out of frames."""
import cv2
import numpy as np

from mmtrack_unsup.utils import DataFormatError


def read_frame(path: str) -> np.ndarray:
    """Read a BGR frame; an unreadable file is a :class:`DataFormatError`."""
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise DataFormatError(path, 'frame cannot be read for detection '
                              'crops')
    return img


def crop_boxes(img: np.ndarray, boxes: np.ndarray, size: int) -> np.ndarray:
    """``(N, size, size, 3)`` uint8 crops of ``(N, 4)`` boxes (x1, y1, x2,
    y2), clipped to the image; a box that lies outside gives a black crop."""
    h, w = img.shape[:2]
    out = np.zeros((len(boxes), size, size, 3), np.uint8)
    for i, (x1, y1, x2, y2) in enumerate(np.asarray(boxes)):
        a, b = int(max(0, np.floor(x1))), int(min(w, np.ceil(x2)))
        c, d = int(max(0, np.floor(y1))), int(min(h, np.ceil(y2)))
        if b > a and d > c:
            out[i] = cv2.resize(img[c:d, a:b], (size, size),
                                interpolation=cv2.INTER_LINEAR)
    return out
