"""Checks that a frame on disk is complete and can be decoded."""
from typing import Tuple

import cv2

from mmtrack_unsup.utils import DataFormatError

_JPEG_SOI, _JPEG_SOS, _JPEG_EOI = b'\xff\xd8', b'\xff\xda', b'\xff\xd9'
_PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def _truncation(data: bytes) -> str:
    """Why the encoded image ``data`` is cut short, or ``''``.

    OpenCV decodes a truncated JPEG without an error (libjpeg fills the rest
    grey and prints a warning that names no file), so the end marker is
    checked here. In JPEG entropy-coded data a 0xFF byte is always followed
    by 0x00, so an end-of-image marker after the last start-of-scan can only
    be the real one (an EXIF thumbnail's comes before).
    """
    if data.startswith(_JPEG_SOI):
        if data.rfind(_JPEG_EOI) < max(data.rfind(_JPEG_SOS), 0):
            return 'JPEG is truncated (no end-of-image marker after its ' \
                   'last scan)'
    elif data.startswith(_PNG_SIGNATURE):
        if b'IEND' not in data[-16:]:
            return 'PNG is truncated (no IEND chunk at the end)'
    return ''


def verify_image(path: str) -> Tuple[int, int]:
    """Decode ``path``; raise :class:`DataFormatError` naming it if it cannot
    be read (truncated file, not an image, no permission). Returns its
    ``(height, width)``."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as e:
        raise DataFormatError(path, f'frame cannot be read ({e.strerror})'
                              ) from e
    problem = _truncation(data)
    if problem:
        raise DataFormatError(path, problem)
    img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if img is None or img.size == 0:
        raise DataFormatError(path, 'frame cannot be decoded as an image')
    return img.shape[:2]
