"""CropPublicDetections: the crops of a frame's public detections, which
travel in the metainfo without being printed."""
import pickle

import numpy as np
from mmdet.structures import DetDataSample, TrackDataSample

from mmtrack_unsup.datasets.transforms import CropPublicDetections


def test_crops_follow_the_boxes_and_print_as_their_shape():
    img = np.zeros((40, 60, 3), np.uint8)
    img[:, 30:] = 200  # right half bright
    out = CropPublicDetections(crop_size=8).transform(dict(
        img=img, public_bboxes=np.array([[0, 0, 20, 40], [35, 5, 55, 35],
                                         [100, 0, 120, 10]])))
    crops = out['public_crops']
    assert 'img' not in out
    assert crops.shape == (3, 8, 8, 3) and crops.dtype == np.uint8
    assert (crops[0] == 0).all() and (crops[1] == 200).all()
    assert (crops[2] == 0).all()  # outside the frame: black
    assert repr(crops) == 'CropStack(shape=(3, 8, 8, 3), dtype=uint8)'
    # what the detector reads, and what dataloader workers send
    assert type(np.asarray(crops)) is np.ndarray
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(crops)), crops)
    # mmdet formats the data sample of a video's first frame whenever its
    # frames are set: the crops are not printed
    frame = DetDataSample(metainfo=dict(public_crops=crops))
    video = TrackDataSample()
    video.video_data_samples = [frame]
    assert '200' not in repr(frame)
