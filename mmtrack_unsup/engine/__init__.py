from .hooks import TrainLossPlateauHook

__all__ = ['TrainLossPlateauHook']
