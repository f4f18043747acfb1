from .guarded_youtube_vis_metric import GuardedYouTubeVISMetric
from .kitti_tracking_metric import KittiTrackingMetric

__all__ = ['GuardedYouTubeVISMetric', 'KittiTrackingMetric']
