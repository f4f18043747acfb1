from .detectors import PublicDetector

__all__ = ['PublicDetector']
