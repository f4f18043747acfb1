"""PoseTrack18 image ids, by hand."""
import pytest

from mmtrack_unsup.datasets.formats import (posetrack18_image_id,
                                            posetrack18_video_frame)


def test_image_ids_by_hand():
    assert posetrack18_image_id(342, 12) == 10003420012
    assert posetrack18_video_frame(10003420012) == (342, 12)
    assert posetrack18_video_frame(10000010000) == (1, 0)
    with pytest.raises(ValueError, match='not a PoseTrack18 image id'):
        posetrack18_video_frame(42)
    with pytest.raises(ValueError, match='out of range'):
        posetrack18_image_id(1, 10000)
