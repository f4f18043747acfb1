from .public_det_video_dataset import PUBLIC_DET_KEYS, PublicDetVideoDataset
from .samplers import VideoShardSampler
from .transforms import CropPublicDetections, LoadClipCrops, PackClipInputs
from .unlabeled_clip_dataset import UnlabeledClipDataset
from .unlabeled_video_folder_dataset import UnlabeledVideoFolderDataset

__all__ = [
    'PUBLIC_DET_KEYS', 'PublicDetVideoDataset', 'CropPublicDetections',
    'LoadClipCrops', 'PackClipInputs', 'UnlabeledClipDataset',
    'UnlabeledVideoFolderDataset', 'VideoShardSampler'
]
