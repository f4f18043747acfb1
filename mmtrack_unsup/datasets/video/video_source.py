"""Frames of a user's video: a file OpenCV can decode, or a folder of frames."""
import os
import os.path as osp
from typing import Iterator, List, Optional

import mmcv
import numpy as np

from mmtrack_unsup.utils import DataFormatError

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff',
                    '.webp')


class VideoSource:
    """Iterates the BGR frames of ``path`` in order.

    A file is read with mmcv's :class:`~mmcv.VideoReader` (OpenCV's decoder:
    any format the installed OpenCV reads); a folder yields its images
    sorted by name. A file OpenCV cannot open, a folder without images, or
    a video whose first frame cannot be decoded raises
    :class:`DataFormatError` naming it; so does a frame file of a folder
    that does not decode. A video file that ends before the frame count its
    header announces is not an error (headers are often approximate):
    :attr:`num_frames` is then corrected once iteration reaches the end.

    Args:
        path (str): Video file or folder of frames.
        fps (float, optional): Frame rate of a folder of frames (a file
            reports its own). Defaults to 30.
    """

    def __init__(self, path: str, fps: Optional[float] = None) -> None:
        self.path = path
        self.is_folder = osp.isdir(path)
        self._frames: List[str] = []
        if self.is_folder:
            self._frames = sorted(
                osp.join(path, f) for f in os.listdir(path)
                if f.lower().endswith(IMAGE_EXTENSIONS))
            if not self._frames:
                raise DataFormatError(path, 'folder has no image files '
                                      f'({", ".join(IMAGE_EXTENSIONS)})')
            first = self._read_image(self._frames[0])
            self.height, self.width = first.shape[:2]
            self.fps = float(fps or 30.0)
            self.num_frames = len(self._frames)
        else:
            if not osp.isfile(path):
                raise DataFormatError(path, 'no such video file or folder')
            try:
                self._reader = mmcv.VideoReader(path)
            except AssertionError as e:  # mmcv asserts vcap.isOpened()
                raise DataFormatError(path, 'OpenCV cannot open this file '
                                      'as a video') from e
            first = self._reader.read()
            if first is None:
                raise DataFormatError(path, 'the video has no decodable '
                                      'frame (empty or corrupt)')
            self.height, self.width = first.shape[:2]
            self.fps = float(fps or self._reader.fps or 30.0)
            self.num_frames = max(int(self._reader.frame_cnt), 1)

    @property
    def name(self) -> str:
        """The file name without extension, or the folder name."""
        base = osp.basename(osp.normpath(self.path))
        return base if self.is_folder else osp.splitext(base)[0]

    @staticmethod
    def _read_image(path: str) -> np.ndarray:
        img = mmcv.imread(path)
        if img is None:
            raise DataFormatError(path, 'cannot decode this image')
        return img

    def __len__(self) -> int:
        return self.num_frames

    def __iter__(self) -> Iterator[np.ndarray]:
        if self.is_folder:
            for frame_path in self._frames:
                img = self._read_image(frame_path)
                if img.shape[:2] != (self.height, self.width):
                    raise DataFormatError(
                        frame_path, f'frame size {img.shape[1]}x'
                        f'{img.shape[0]} differs from the first frame\'s '
                        f'{self.width}x{self.height}')
                yield img
            return
        count = 0
        for img in self._reader:  # mmcv restarts at frame 0
            count += 1
            yield img
        self.num_frames = count
