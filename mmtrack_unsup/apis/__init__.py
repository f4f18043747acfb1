"""Inference on a user's own video: frames, detections and tracking."""
# reading a video and detecting on its frames is input, below the datasets;
# re-exported here, where users have always imported them
from mmtrack_unsup.datasets.video import (FrameDetections, HOGPeopleDetector,
                                          MMDetFrameDetector,
                                          MOTFileDetections, VideoSource,
                                          detector_factory)
from .video_tracker import VideoTracker, frame_pipeline

__all__ = [
    'FrameDetections', 'HOGPeopleDetector', 'MMDetFrameDetector',
    'MOTFileDetections', 'detector_factory', 'VideoSource', 'VideoTracker',
    'frame_pipeline'
]
