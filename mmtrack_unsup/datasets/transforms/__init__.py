from .crop_public_detections import CropPublicDetections
from .load_clip_crops import LoadClipCrops
from .pack_clip_inputs import PackClipInputs

__all__ = ['CropPublicDetections', 'LoadClipCrops', 'PackClipInputs']
