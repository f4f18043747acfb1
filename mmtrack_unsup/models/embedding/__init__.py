from .crop_augmentation import CropAugmentation
from .crop_embedding_network import CropEmbeddingNetwork

__all__ = ['CropAugmentation', 'CropEmbeddingNetwork']
