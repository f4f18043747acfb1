from .metrics import GuardedYouTubeVISMetric, KittiTrackingMetric
from .oracle_identities import oracle_identities

__all__ = ['GuardedYouTubeVISMetric', 'KittiTrackingMetric',
           'oracle_identities']
