from .public_det_video_dataset import PUBLIC_DET_KEYS, PublicDetVideoDataset

__all__ = ['PUBLIC_DET_KEYS', 'PublicDetVideoDataset']
