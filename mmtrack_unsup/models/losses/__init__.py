from .cross_input_consistency_loss import (CrossInputConsistencyLoss,
                                           cross_input_consistency_loss)
from .cycle_consistency_loss import (CycleConsistencyLoss,
                                     cycle_consistency_loss)
from .instance_contrastive_loss import (InstanceContrastiveLoss,
                                        instance_contrastive_loss)
from .max_entropy_loss import MaxEntropyLoss, max_entropy_loss
from .tracking_embedding_losses import tracking_embedding_losses

__all__ = [
    'CrossInputConsistencyLoss', 'cross_input_consistency_loss',
    'CycleConsistencyLoss', 'cycle_consistency_loss',
    'InstanceContrastiveLoss', 'instance_contrastive_loss',
    'MaxEntropyLoss', 'max_entropy_loss', 'tracking_embedding_losses'
]
