from .checkpoint_coverage_hook import CheckpointCoverageHook
from .train_loss_plateau_hook import TrainLossPlateauHook

__all__ = ['CheckpointCoverageHook', 'TrainLossPlateauHook']
