from .instance_centers import center_similarity, instance_centers

__all__ = ['center_similarity', 'instance_centers']
