from .input_view import InputView
from .occlusion_hiding import OcclusionHiding
from .visual_spatial_hiding import VisualSpatialHiding

__all__ = ['InputView', 'OcclusionHiding', 'VisualSpatialHiding']
