from .metrics import GuardedYouTubeVISMetric, KittiTrackingMetric

__all__ = ['GuardedYouTubeVISMetric', 'KittiTrackingMetric']
