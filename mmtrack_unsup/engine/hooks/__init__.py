from .train_loss_plateau_hook import TrainLossPlateauHook

__all__ = ['TrainLossPlateauHook']
