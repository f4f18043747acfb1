"""Crops of a frame's public detections, for learned trackers."""
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS

from .crops import crop_boxes


@TRANSFORMS.register_module()
class CropPublicDetections(BaseTransform):
    """Cuts ``public_crops`` (N, S, S, 3) uint8 from the loaded frame for the
    ``public_bboxes`` of :class:`PublicDetVideoDataset`; put it in
    ``PackTrackInputs(meta_keys=...)``.

    Args:
        crop_size (int): Side of the square crops. Defaults to 64.
        drop_image (bool): Remove the frame afterwards, so only crops travel
            to the model. Defaults to True.
    """

    def __init__(self, crop_size: int = 64, drop_image: bool = True) -> None:
        self.crop_size = crop_size
        self.drop_image = drop_image

    def transform(self, results: dict) -> dict:
        results['public_crops'] = crop_boxes(results['img'],
                                             results['public_bboxes'],
                                             self.crop_size)
        if self.drop_image:
            results.pop('img')
        return results
