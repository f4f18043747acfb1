from .fused_byte_tracker import FusedByteTracker
from .prototype_tracker import PrototypeTracker
from .rnn_tracker import RNNTracker
from .spatial_category_tracker import SpatialCategoryTracker

__all__ = ['FusedByteTracker', 'PrototypeTracker', 'RNNTracker', 'SpatialCategoryTracker']
