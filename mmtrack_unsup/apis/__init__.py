"""Inference on a user's own video: frames, detections and tracking."""
from .frame_detectors import (FrameDetections, HOGPeopleDetector,
                              MMDetFrameDetector, MOTFileDetections,
                              detector_factory)
from .video_source import VideoSource
from .video_tracker import VideoTracker, frame_pipeline

__all__ = [
    'FrameDetections', 'HOGPeopleDetector', 'MMDetFrameDetector',
    'MOTFileDetections', 'detector_factory', 'VideoSource', 'VideoTracker',
    'frame_pipeline'
]
