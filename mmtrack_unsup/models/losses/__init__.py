from .cross_input_consistency_loss import (CrossInputConsistencyLoss,
                                           cross_input_consistency_loss)

__all__ = ['CrossInputConsistencyLoss', 'cross_input_consistency_loss']
