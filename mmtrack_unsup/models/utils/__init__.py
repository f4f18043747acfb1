from .crop_cnn import build_crop_cnn, normalise_crops, pooled_features
from .instance_centers import center_similarity, instance_centers
from .step_generator import step_generator

__all__ = [
    'build_crop_cnn', 'center_similarity', 'instance_centers',
    'normalise_crops', 'pooled_features', 'step_generator'
]
