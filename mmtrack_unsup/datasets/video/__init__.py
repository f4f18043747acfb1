"""A user's video as input: its frames (:class:`VideoSource`) and the
detections of each frame (:mod:`.frame_detectors`), read below the datasets
that train on them and the inference API that tracks them."""
from .frame_detectors import (FrameDetections, HOGPeopleDetector,
                              MMDetFrameDetector, MOTFileDetections,
                              detector_factory, margin_to_score,
                              resolve_detector_spec)
from .video_source import IMAGE_EXTENSIONS, VideoSource

__all__ = [
    'FrameDetections', 'HOGPeopleDetector', 'MMDetFrameDetector',
    'MOTFileDetections', 'detector_factory', 'margin_to_score',
    'resolve_detector_spec', 'IMAGE_EXTENSIONS', 'VideoSource'
]
