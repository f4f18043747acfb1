from .public_detector import PublicDetector

__all__ = ['PublicDetector']
