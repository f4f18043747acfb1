from .metrics import GuardedYouTubeVISMetric, KittiTrackingMetric
from .oracle_identities import FRESH_IDS, oracle_identities, oracle_track_ids

__all__ = ['GuardedYouTubeVISMetric', 'KittiTrackingMetric', 'FRESH_IDS',
           'oracle_identities', 'oracle_track_ids']
