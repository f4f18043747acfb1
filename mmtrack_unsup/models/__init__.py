from .association import RNNMatchingNetwork
from .data_preprocessors import ImageClipDataPreprocessor
from .dense_heads import SOLOTrackHead
from .detectors import PublicDetector
from .embedding import CropAugmentation, CropEmbeddingNetwork
from .hiding import OcclusionHiding, VisualSpatialHiding
from .losses import (CrossInputConsistencyLoss, CycleConsistencyLoss,
                     InstanceContrastiveLoss, MaxEntropyLoss)
from .mot import ContrastiveCropEmbedding, CrossInputConsistency
from .trackers import PrototypeTracker, RNNTracker, SpatialCategoryTracker
from .vis import SOLOTrack

__all__ = [
    'RNNMatchingNetwork', 'ImageClipDataPreprocessor', 'SOLOTrackHead',
    'PublicDetector', 'CropAugmentation', 'CropEmbeddingNetwork',
    'ContrastiveCropEmbedding', 'OcclusionHiding', 'VisualSpatialHiding',
    'CrossInputConsistencyLoss', 'CycleConsistencyLoss',
    'InstanceContrastiveLoss', 'MaxEntropyLoss', 'CrossInputConsistency',
    'PrototypeTracker', 'RNNTracker', 'SpatialCategoryTracker', 'SOLOTrack'
]
