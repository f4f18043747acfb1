from .cross_input_consistency import CrossInputConsistency

__all__ = ['CrossInputConsistency']
