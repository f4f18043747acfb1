from .hooks import (ChanceAgreementHook, CheckpointCoverageHook,
                    CycleClipsHook, EmbeddingCollapseHook,
                    PretrainedDetectorHook, TrainLossPlateauHook)

__all__ = [
    'ChanceAgreementHook', 'CheckpointCoverageHook', 'CycleClipsHook',
    'EmbeddingCollapseHook', 'PretrainedDetectorHook', 'TrainLossPlateauHook'
]
