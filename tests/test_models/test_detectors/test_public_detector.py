import numpy as np
import pytest
import torch
from mmdet.structures import DetDataSample

from mmtrack_unsup.models import PublicDetector


def _sample(**meta):
    s = DetDataSample()
    s.set_metainfo(meta)
    return s


def test_returns_public_detections():
    det = PublicDetector(score_thr=0.5)
    sample = _sample(
        public_bboxes=np.array([[0, 0, 10, 20], [5, 5, 9, 9]], np.float32),
        public_scores=np.array([0.9, 0.3], np.float32),
        public_labels=np.array([0, 0]), scale_factor=(2.0, 0.5))
    out = det.predict(torch.zeros(1, 3, 8, 8), [sample])[0]
    assert out.pred_instances.bboxes.tolist() == [[0, 0, 10, 20]]
    assert out.pred_instances.scores.tolist() == pytest.approx([0.9])
    # rescale=False maps original pixels into the resized input
    out = det.predict(torch.zeros(1, 3, 8, 8), [sample], rescale=False)[0]
    assert out.pred_instances.bboxes.tolist() == [[0, 0, 20, 10]]


def test_empty_frame_and_class_filter():
    det = PublicDetector(classes=[1])
    sample = _sample(public_bboxes=np.array([[0, 0, 1, 1], [0, 0, 2, 2]],
                                            np.float32),
                     public_scores=np.array([0.9, 0.8], np.float32),
                     public_labels=np.array([0, 1]))
    out = det.predict(torch.zeros(1, 3, 4, 4), [sample])[0]
    assert out.pred_instances.labels.tolist() == [1]
    empty = _sample(public_bboxes=np.zeros((0, 4), np.float32),
                    public_scores=np.zeros(0, np.float32),
                    public_labels=np.zeros(0, np.int64))
    out = det.predict(torch.zeros(1, 3, 4, 4), [empty])[0]
    assert out.pred_instances.bboxes.shape == (0, 4)


def test_missing_detections_is_a_clear_error():
    with pytest.raises(KeyError, match='PublicDetVideoDataset'):
        PublicDetector().predict(torch.zeros(1, 3, 4, 4), [_sample()])


def test_crops_follow_the_kept_detections():
    """RNNTracker reads the crops from pred_instances: with a score or class
    filter they must be those of the surviving detections (issue 14)."""
    det = PublicDetector(score_thr=0.5, classes=[0])
    crops = np.stack([np.full((4, 4, 3), v, np.uint8) for v in (10, 20, 30)])
    sample = _sample(
        public_bboxes=np.array([[0, 0, 1, 1], [0, 0, 2, 2], [0, 0, 3, 3]],
                               np.float32),
        public_scores=np.array([0.9, 0.3, 0.8], np.float32),
        public_labels=np.array([0, 0, 1]), public_crops=crops)
    out = det.predict(torch.zeros(1, 3, 4, 4), [sample])[0]
    assert out.pred_instances.crops[:, 0, 0, 0].tolist() == [10]
    assert out.pred_instances.bboxes.tolist() == [[0, 0, 1, 1]]
    sample.set_metainfo(dict(public_crops=crops[:2]))
    with pytest.raises(ValueError, match='2 public_crops for 3'):
        det.predict(torch.zeros(1, 3, 4, 4), [sample])
