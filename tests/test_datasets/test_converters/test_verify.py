import cv2
import numpy as np
import pytest

from mmtrack_unsup.datasets.converters.verify import verify_image
from mmtrack_unsup.utils import DataFormatError


def _frame(tmp_path, ext, keep=None):
    """A noisy 160x120 frame (about 17 kB as JPEG), cut to ``keep`` of its
    bytes."""
    img = np.random.default_rng(0).integers(0, 255, (120, 160, 3),
                                            dtype=np.uint8)
    data = cv2.imencode(ext, img)[1].tobytes()
    path = tmp_path / f'000001{ext}'
    path.write_bytes(data if keep is None else data[:int(len(data) * keep)])
    return str(path)


@pytest.mark.parametrize('ext', ['.jpg', '.png'])
def test_complete_frames_pass(tmp_path, ext):
    verify_image(_frame(tmp_path, ext))


def test_truncated_jpeg_is_named(tmp_path):
    path = _frame(tmp_path, '.jpg', keep=0.3)
    assert cv2.imread(path) is not None  # what OpenCV alone lets through
    with pytest.raises(DataFormatError, match=r'000001.jpg: JPEG is '
                       r'truncated \(no end-of-image marker'):
        verify_image(path)


def test_truncated_png_is_named(tmp_path):
    with pytest.raises(DataFormatError, match='000001.png: PNG is truncated'):
        verify_image(_frame(tmp_path, '.png', keep=0.5))


def test_not_an_image_and_missing_file(tmp_path):
    bad = tmp_path / 'x.jpg'
    bad.write_bytes(b'not a jpeg')
    with pytest.raises(DataFormatError, match='x.jpg: frame cannot be '
                       'decoded'):
        verify_image(str(bad))
    with pytest.raises(DataFormatError, match='y.jpg: frame cannot be read'):
        verify_image(str(tmp_path / 'y.jpg'))
