from .rnn_tracker import RNNTracker

__all__ = ['RNNTracker']
