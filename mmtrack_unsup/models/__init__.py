from .association import RNNMatchingNetwork
from .detectors import PublicDetector
from .hiding import OcclusionHiding, VisualSpatialHiding
from .losses import CrossInputConsistencyLoss
from .mot import CrossInputConsistency
from .trackers import RNNTracker

__all__ = [
    'RNNMatchingNetwork', 'PublicDetector', 'OcclusionHiding',
    'VisualSpatialHiding', 'CrossInputConsistencyLoss',
    'CrossInputConsistency', 'RNNTracker'
]
