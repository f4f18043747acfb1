"""Checks that a frame on disk can be decoded."""
import cv2

from mmtrack_unsup.utils import DataFormatError


def verify_image(path: str) -> None:
    """Decode ``path``; raise :class:`DataFormatError` naming it if it cannot
    be read (truncated file, not an image, no permission)."""
    img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if img is None or img.size == 0:
        raise DataFormatError(path, 'frame cannot be decoded as an image')
