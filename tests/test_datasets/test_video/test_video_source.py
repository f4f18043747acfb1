"""VideoSource: frames of a video file or a folder, and its clear errors."""
import cv2
import numpy as np
import pytest

from conftest import write_video
from mmtrack_unsup.datasets.video import VideoSource
from mmtrack_unsup.utils import DataFormatError


def _frames(n, h=48, w=64):
    return [np.full((h, w, 3), 20 * t, np.uint8) for t in range(n)]


def test_reads_every_frame_of_a_video_file(tmp_path):
    path = write_video(str(tmp_path / 'clip.avi'), _frames(7), fps=12)
    source = VideoSource(path)
    frames = list(source)
    assert len(frames) == len(source) == 7
    assert (source.width, source.height, source.name) == (64, 48, 'clip')
    assert source.fps == pytest.approx(12)
    # MJPG is lossy, but the brightness ramp survives
    means = [f.mean() for f in frames]
    assert means == sorted(means) and means[-1] - means[0] > 100
    assert len(list(source)) == 7  # iterating again starts at frame 0


def test_reads_a_folder_of_frames_in_name_order(tmp_path):
    for t, frame in enumerate(_frames(3)):
        cv2.imwrite(str(tmp_path / f'{t:03d}.png'), frame)
    (tmp_path / 'notes.txt').write_text('not a frame')
    source = VideoSource(str(tmp_path), fps=5)
    assert [int(f.mean()) for f in source] == [0, 20, 40]
    assert (len(source), source.fps) == (3, 5)


@pytest.mark.parametrize('content', [b'', b'this is not a video'])
def test_unreadable_or_empty_file_names_the_file(tmp_path, content):
    path = tmp_path / 'broken.mp4'
    path.write_bytes(content)
    with pytest.raises(DataFormatError, match='broken.mp4'):
        VideoSource(str(path))


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(DataFormatError, match='no such video'):
        VideoSource(str(tmp_path / 'nope.mp4'))
    with pytest.raises(DataFormatError, match='no image files'):
        VideoSource(str(tmp_path))


def test_frame_of_another_size_in_a_folder(tmp_path):
    cv2.imwrite(str(tmp_path / '0.png'), _frames(1)[0])
    cv2.imwrite(str(tmp_path / '1.png'), _frames(1, h=40)[0])
    with pytest.raises(DataFormatError, match='1.png.*differs'):
        list(VideoSource(str(tmp_path)))
