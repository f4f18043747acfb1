from .fused_byte_tracker import FusedByteTracker
from .fused_ocsort_tracker import FusedOCSORTTracker
from .learned_cue import LearnedCueMixin
from .prototype_tracker import PrototypeTracker
from .rnn_tracker import RNNTracker
from .spatial_category_tracker import SpatialCategoryTracker

__all__ = [
    'FusedByteTracker', 'FusedOCSORTTracker', 'LearnedCueMixin',
    'PrototypeTracker', 'RNNTracker', 'SpatialCategoryTracker'
]
