from .chance_agreement_hook import ChanceAgreementHook
from .checkpoint_coverage_hook import CheckpointCoverageHook
from .cycle_clips_hook import CycleClipsHook
from .embedding_collapse_hook import EmbeddingCollapseHook
from .label_order_check_hook import LabelOrderCheckHook
from .pretrained_detector_hook import PretrainedDetectorHook
from .test_time_adaptation_hook import TestTimeAdaptationHook
from .train_loss_plateau_hook import TrainLossPlateauHook

__all__ = [
    'ChanceAgreementHook', 'CheckpointCoverageHook', 'CycleClipsHook',
    'EmbeddingCollapseHook', 'LabelOrderCheckHook', 'PretrainedDetectorHook',
    'TestTimeAdaptationHook', 'TrainLossPlateauHook'
]
