from .metrics import GuardedYouTubeVISMetric, KittiTrackingMetric
from .oracle_identities import FRESH_IDS, oracle_identities

__all__ = ['GuardedYouTubeVISMetric', 'KittiTrackingMetric', 'FRESH_IDS',
           'oracle_identities']
