from .hooks import CheckpointCoverageHook, TrainLossPlateauHook

__all__ = ['CheckpointCoverageHook', 'TrainLossPlateauHook']
