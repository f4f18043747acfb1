from .hooks import (ChanceAgreementHook, CheckpointCoverageHook,
                    CycleClipsHook, PretrainedDetectorHook,
                    TrainLossPlateauHook)

__all__ = [
    'ChanceAgreementHook', 'CheckpointCoverageHook', 'CycleClipsHook',
    'PretrainedDetectorHook', 'TrainLossPlateauHook'
]
