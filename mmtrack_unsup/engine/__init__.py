from .hooks import (ChanceAgreementHook, CheckpointCoverageHook,
                    PretrainedDetectorHook, TrainLossPlateauHook)

__all__ = [
    'ChanceAgreementHook', 'CheckpointCoverageHook', 'PretrainedDetectorHook',
    'TrainLossPlateauHook'
]
