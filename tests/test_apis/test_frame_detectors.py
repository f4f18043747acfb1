"""The three detection sources of a user's video."""
import numpy as np
import pytest

from mmtrack_unsup.apis import (HOGPeopleDetector, MOTFileDetections,
                                VideoSource, detector_factory)
from mmtrack_unsup.utils import DataFormatError


def test_hog_maps_windows_to_xyxy_scores_and_suppresses_overlaps(
        monkeypatch):
    det = HOGPeopleDetector(upscale=2.0, nms_iou=0.4)
    calls = []

    def fake(img, **kwargs):
        calls.append((img.shape, kwargs['groupThreshold']))
        # x, y, w, h in the upscaled frame; the second window overlaps the
        # first (IoU 0.82) with a lower margin and must go
        return (np.array([[20, 40, 64, 128], [24, 40, 64, 128],
                          [200, 10, 64, 128]]),
                np.array([[1.0], [0.5], [0.0]]))

    monkeypatch.setattr(det, 'hog', type('H', (), {
        'detectMultiScale': staticmethod(fake)})())
    out = det(np.zeros((100, 150, 3), np.uint8), 0)
    assert calls == [((200, 300, 3), 0)]
    np.testing.assert_allclose(out.bboxes, [[10, 20, 42, 84],
                                            [100, 5, 132, 69]])
    np.testing.assert_allclose(out.scores, [1 / (1 + np.exp(-1.0)), 0.5],
                               rtol=1e-6)
    assert out.labels.tolist() == [0, 0]


def test_hog_on_a_blank_frame_finds_nobody():
    out = HOGPeopleDetector()(np.zeros((160, 96, 3), np.uint8), 0)
    assert out.bboxes.shape == (0, 4) and out.scores.shape == (0, )
    assert out.bboxes.dtype == np.float32


def test_mot_file_gives_each_frame_its_rows_as_xyxy(tmp_path):
    path = tmp_path / 'det.txt'
    path.write_text('1,-1,10,20,30,40,0.9,-1,-1,-1\n'
                    '3,-1,0,0,5,5,0.4,-1,-1,-1\n'
                    '3,-1,0,0,0,5,0.4,-1,-1,-1\n')  # zero width: skipped
    dets = MOTFileDetections(str(path), 4, 64, 48)
    np.testing.assert_allclose(dets(None, 0).bboxes, [[10, 20, 40, 60]])
    assert len(dets(None, 1).bboxes) == 0
    np.testing.assert_allclose(dets(None, 2).scores, [0.4])
    assert dets.skips.total == 1


def test_mot_file_errors_name_the_line(tmp_path):
    path = tmp_path / 'det.txt'
    path.write_text('1,-1,10,20,30,40,0.9\n9,-1,1,1,5,5,0.5\n')
    with pytest.raises(DataFormatError, match=r'det.txt:2.*beyond'):
        MOTFileDetections(str(path), 4, 64, 48)


def test_factory_reads_a_folder_of_files_by_video_name(tmp_path):
    import cv2
    video = tmp_path / 'walk'
    video.mkdir()
    for t in range(2):
        cv2.imwrite(str(video / f'{t}.png'), np.zeros((48, 64, 3), np.uint8))
    dets = tmp_path / 'dets'
    dets.mkdir()
    (dets / 'walk.txt').write_text('2,-1,1,2,3,4,0.7,-1,-1,-1\n')
    read = detector_factory(dict(kind='mot', path=str(dets)))
    frame_dets = read(VideoSource(str(video)))
    np.testing.assert_allclose(frame_dets(None, 1).bboxes, [[1, 2, 4, 6]])
    with pytest.raises(ValueError, match='kind'):
        detector_factory(dict(kind='yolo'))
