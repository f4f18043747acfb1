"""PoseTrack18's image ids: a 1, the video number (6 digits), the frame
index (4 digits); e.g. 10003420012 is frame 12 of video 000342."""
from typing import Tuple

_FRAMES = 10000
_BASE = 10**10


def posetrack18_image_id(video: int, frame: int) -> int:
    """The image id of ``frame`` of ``video``."""
    if not (0 <= video < 10**6 and 0 <= frame < _FRAMES):
        raise ValueError(f'video {video} / frame {frame} out of range')
    return _BASE + video * _FRAMES + frame


def posetrack18_video_frame(image_id: int) -> Tuple[int, int]:
    """``(video, frame)`` of an image id."""
    image_id = int(image_id)
    if not _BASE <= image_id < 2 * _BASE:
        raise ValueError(f'{image_id} is not a PoseTrack18 image id '
                         '(1, 6 video digits, 4 frame digits)')
    return (image_id - _BASE) // _FRAMES, image_id % _FRAMES
