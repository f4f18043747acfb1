from .hooks import (CheckpointCoverageHook, PretrainedDetectorHook,
                    TrainLossPlateauHook)

__all__ = [
    'CheckpointCoverageHook', 'PretrainedDetectorHook', 'TrainLossPlateauHook'
]
