from .metrics import KittiTrackingMetric

__all__ = ['KittiTrackingMetric']
