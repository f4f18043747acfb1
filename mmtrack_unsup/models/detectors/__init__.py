from .public_detection_refiner import PublicDetectionRefiner
from .public_detector import PublicDetector

__all__ = ['PublicDetectionRefiner', 'PublicDetector']
