from .solo_track import SOLOTrack

__all__ = ['SOLOTrack']
