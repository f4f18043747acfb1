from .solo_track_head import SOLOTrackHead

__all__ = ['SOLOTrackHead']
