from .association import RNNMatchingNetwork
from .dense_heads import SOLOTrackHead
from .detectors import PublicDetector
from .hiding import OcclusionHiding, VisualSpatialHiding
from .losses import (CrossInputConsistencyLoss, InstanceContrastiveLoss,
                     MaxEntropyLoss)
from .mot import CrossInputConsistency
from .trackers import PrototypeTracker, RNNTracker, SpatialCategoryTracker
from .vis import SOLOTrack

__all__ = [
    'RNNMatchingNetwork', 'SOLOTrackHead', 'PublicDetector',
    'OcclusionHiding', 'VisualSpatialHiding', 'CrossInputConsistencyLoss',
    'InstanceContrastiveLoss', 'MaxEntropyLoss', 'CrossInputConsistency',
    'PrototypeTracker', 'RNNTracker', 'SpatialCategoryTracker', 'SOLOTrack'
]
