from .contrastive_crop_embedding import ContrastiveCropEmbedding
from .cross_input_consistency import CrossInputConsistency

__all__ = ['ContrastiveCropEmbedding', 'CrossInputConsistency']
