"""The three detection sources of a user's video."""
import numpy as np
import pytest

from mmtrack_unsup.datasets.video import (HOGPeopleDetector,
                                          MOTFileDetections, VideoSource,
                                          detector_factory)
from mmtrack_unsup.utils import DataFormatError


def _fake_hog(det, calls):
    """Replace OpenCV's scan by three windows (x, y, w, h in the resized
    frame); the second overlaps the first (IoU 0.82) with a lower margin."""

    def fake(img, **kwargs):
        calls.append((img.shape, kwargs['groupThreshold']))
        return (np.array([[20, 40, 64, 128], [24, 40, 64, 128],
                          [200, 10, 64, 128]]),
                np.array([[1.0], [0.5], [0.0]]))

    det.hog = type('H', (), {'detectMultiScale': staticmethod(fake)})()


def test_hog_windows_become_person_boxes_with_logistic_scores():
    calls = []
    windows = HOGPeopleDetector(upscale=2.0, nms_iou=0.4, box='window')
    _fake_hog(windows, calls)
    out = windows(np.zeros((100, 150, 3), np.uint8), 0)
    assert calls == [((200, 300, 3), 0)]
    # the windows, mapped back by the upscale; the overlapping one is gone
    np.testing.assert_allclose(out.bboxes, [[10, 20, 42, 84],
                                            [100, 5, 132, 69]])
    np.testing.assert_allclose(out.scores, [1 / (1 + np.exp(-1.0)), 0.5],
                               rtol=1e-6)
    assert out.labels.tolist() == [0, 0]
    # the default: the 32x96 person centred in each 64x128 window (Dalal
    # and Triggs' 16 px margin), i.e. half the width and 3/4 of the height
    people = HOGPeopleDetector(upscale=2.0, nms_iou=0.4)
    _fake_hog(people, calls)
    out = people(np.zeros((100, 150, 3), np.uint8), 0)
    np.testing.assert_allclose(out.bboxes, [[18, 28, 34, 76],
                                            [108, 13, 124, 61]])
    np.testing.assert_allclose(out.scores, [1 / (1 + np.exp(-1.0)), 0.5],
                               rtol=1e-6)


def test_hog_pyramid_is_chosen_from_the_frame():
    det = HOGPeopleDetector()
    # the smallest person searched for is 1/8 of the frame height; the
    # frame is resized so that it fills the window's 96 px person
    assert det.frame_scale(480) == pytest.approx(96 / 60)
    assert det.frame_scale(240) == pytest.approx(96 / 30)
    assert det.frame_scale(1080) == 1.0  # never shrinks the frame
    assert HOGPeopleDetector(
        min_person_height=48).frame_scale(1080) == pytest.approx(2.0)
    assert HOGPeopleDetector(upscale=1.3).frame_scale(240) == 1.3
    calls = []
    _fake_hog(det, calls)
    det(np.zeros((240, 320, 3), np.uint8), 0)
    assert calls[0][0] == (768, 1024, 3)
    with pytest.raises(ValueError, match='box'):
        HOGPeopleDetector(box='body')
    with pytest.raises(ValueError, match='min_person_height'):
        HOGPeopleDetector(min_person_height=0)


def test_hog_on_a_blank_frame_finds_nobody():
    out = HOGPeopleDetector()(np.zeros((160, 96, 3), np.uint8), 0)
    assert out.bboxes.shape == (0, 4) and out.scores.shape == (0, )
    assert out.bboxes.dtype == np.float32
    # a frame smaller than the window (OpenCV would crash the process)
    noise = np.random.default_rng(0).integers(0, 255, (90, 90, 3), np.uint8)
    assert len(HOGPeopleDetector(upscale=1.0)(noise, 0).bboxes) == 0


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


def test_mmdet_detector_keeps_and_relabels_the_chosen_classes(tmp_path):
    """Any mmdet detector (here our small SOLO config with random weights,
    saved as mmengine saves checkpoints) gives boxes in frame pixels; a
    class filter keeps those classes only and numbers them from 0."""
    import os.path as osp

    import torch
    from mmdet.registry import MODELS
    from mmengine.config import Config

    from conftest import REPO
    from mmtrack_unsup.datasets.video import MMDetFrameDetector
    # our small SOLO, with the test pipeline an mmdet detector config has
    config = str(tmp_path / 'solo_detector.py')
    with open(config, 'w') as f:
        f.write(f'''_base_ = {osp.join(REPO, 'configs', 'solo',
                                 'solo_r18_fpn_1xb4-2k_synthetic-coco.py')!r}
test_dataloader = dict(_delete_=True, dataset=dict(
    type='CocoDataset', metainfo=_base_.metainfo, pipeline=[
        dict(type='LoadImageFromFile'),
        dict(type='Resize', scale=(160, 96), keep_ratio=True),
        dict(type='PackDetInputs', meta_keys=(
            'img_id', 'img_path', 'ori_shape', 'img_shape',
            'scale_factor'))]))
''')
    cfg = Config.fromfile(config)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    ckpt = str(tmp_path / 'solo.pth')
    classes = ('rectangle', 'ellipse', 'triangle', 'diamond')
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(classes=classes))), ckpt)
    img = np.random.default_rng(0).integers(0, 255, (96, 160, 3), np.uint8)
    everything = MMDetFrameDetector(config, ckpt)(img, 0)
    assert len(everything.scores) > 0  # random weights still predict
    assert (everything.bboxes[:, 2] <= 160 + 1e-3).all()
    assert (everything.bboxes[:, 3] <= 96 + 1e-3).all()
    ellipses = MMDetFrameDetector(config, ckpt, classes=['ellipse'],
                                  score_thr=0.05)(img, 0)
    expected = (everything.labels == 1) & (everything.scores >= 0.05)
    assert ellipses.labels.tolist() == [0] * int(expected.sum())
    np.testing.assert_allclose(ellipses.bboxes, everything.bboxes[expected])
    with pytest.raises(ValueError, match="no classes \\['person'\\]"):
        MMDetFrameDetector(config, ckpt, classes=['person'])


def test_the_public_names_users_import_from_apis_still_work():
    """Reading videos moved below the datasets; ``mmtrack_unsup.apis``
    (where the README imports them) re-exports the same objects."""
    from mmtrack_unsup import apis
    from mmtrack_unsup.datasets import video
    for name in ('FrameDetections', 'HOGPeopleDetector', 'MMDetFrameDetector',
                 'MOTFileDetections', 'VideoSource', 'detector_factory'):
        assert getattr(apis, name) is getattr(video, name)
    assert apis.VideoTracker.__module__ == 'mmtrack_unsup.apis.video_tracker'
