from .kitti_tracking_metric import KittiTrackingMetric

__all__ = ['KittiTrackingMetric']
