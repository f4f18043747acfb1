"""Labeled images and unlabeled clips in one training batch."""
import numpy as np
import pytest
import torch
from mmdet.models.data_preprocessors import TrackDataPreprocessor
from mmdet.structures import DetDataSample, TrackDataSample
from mmdet.structures.mask import BitmapMasks
from mmengine.structures import InstanceData

from mmtrack_unsup.models.data_preprocessors import ImageClipDataPreprocessor

NORM = dict(mean=[10.0, 20.0, 30.0], std=[2.0, 2.0, 2.0], bgr_to_rgb=True,
            pad_mask=True, pad_size_divisor=32)


def _image(value, h=40, w=60):
    sample = DetDataSample(metainfo=dict(img_shape=(h, w)))
    sample.gt_instances = InstanceData(
        bboxes=torch.zeros(1, 4), labels=torch.zeros(1, dtype=torch.long),
        masks=BitmapMasks(np.ones((1, h, w), np.uint8), h, w))
    return torch.full((3, h, w), value, dtype=torch.uint8), sample


def _clip(values, frame_ids):
    imgs = torch.stack([torch.full((3, 40, 60), v, dtype=torch.uint8)
                        for v in values])
    frames = [DetDataSample(metainfo=dict(img_shape=(40, 60), frame_id=f))
              for f in frame_ids]
    for f in frames:  # what PackTrackInputs attaches: empty instances
        f.gt_instances = InstanceData()
    return imgs, TrackDataSample(video_data_samples=frames)


def test_clip_frames_follow_the_images_in_time_order():
    pre = ImageClipDataPreprocessor(**NORM)
    img, sample = _image(50)
    clip_a, sample_a = _clip([100, 90], frame_ids=[7, 3])  # out of order
    clip_b, sample_b = _clip([60, 70], frame_ids=[0, 1])
    out = pre(dict(inputs=[clip_a, img, clip_b],
                   data_samples=[sample_a, sample, sample_b]), training=True)
    inputs, samples = out['inputs'], out['data_samples']
    assert inputs.shape == (5, 3, 64, 64)  # padded to 32
    # pixel values identify each image (channel 2 is BGR 0: mean 30)
    values = [round(inputs[i, 2, 0, 0].item() * 2 + 30) for i in range(5)]
    assert values == [50, 90, 100, 60, 70]
    assert [s.metainfo.get('clip_index') for s in samples] == \
        [None, 0, 0, 1, 1]
    assert [s.metainfo.get('frame_id') for s in samples[1:]] == [3, 7, 0, 1]
    # the labeled masks are padded; the frames carry no annotation
    assert samples[0].gt_instances.masks.masks.shape[1:] == (64, 64)
    assert all('gt_instances' not in s for s in samples[1:])


def test_images_only_and_tests_as_the_parent():
    pre = ImageClipDataPreprocessor(**NORM)
    parent = TrackDataPreprocessor(use_det_processor=True, **NORM)
    img, sample = _image(50)
    a = pre(dict(inputs=[img], data_samples=[sample]), training=True)
    img, sample = _image(50)
    b = parent(dict(inputs=[img], data_samples=[sample]), training=True)
    assert torch.equal(a['inputs'], b['inputs'])
    clip, video = _clip([1, 2], [0, 1])
    a = pre(dict(inputs=[clip], data_samples=[video]), training=False)
    assert a['inputs'].shape == (1, 2, 3, 64, 64)


def test_refusals():
    with pytest.raises(ValueError, match='use_det_processor'):
        ImageClipDataPreprocessor(use_det_processor=False, **NORM)
    pre = ImageClipDataPreprocessor(**NORM)
    clip, video = _clip([1, 2], [0, 1])
    video.video_data_samples = video.video_data_samples[:1]
    with pytest.raises(ValueError, match='2 frames came with 1'):
        pre(dict(inputs=[clip], data_samples=[video]), training=True)
