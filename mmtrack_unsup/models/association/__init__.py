from .assignment import match_tracks
from .rnn_matching_network import RNNMatchingNetwork
from .spatial_mask import spatial_mask
from .transition_matrix import handoff_product, transition_matrix
from .visual_scores import sampled_visual_scores

__all__ = [
    'match_tracks', 'RNNMatchingNetwork', 'spatial_mask', 'transition_matrix',
    'handoff_product', 'sampled_visual_scores'
]
