"""Crops of a frame's public detections, for learned trackers."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS

from .crops import crop_boxes


class CropStack(np.ndarray):
    """The crops of a frame, an ``ndarray`` whose ``repr`` is its shape.

    mmdet 3.3's ``TrackDataSample.video_data_samples`` setter formats its
    first frame's data sample on every call (an f-string statement left
    outside its assert), and the data preprocessor sets it several times a
    frame: printing every crop of the metainfo took about half the wall
    time of a crop tracker's ``tools/test.py`` run (profiled on the
    synthetic tuning split, 46 of 100 s). ``np.asarray`` gives the plain
    array back.
    """

    def __repr__(self) -> str:
        return f'CropStack(shape={self.shape}, dtype={self.dtype})'

    __str__ = __repr__


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
        results['public_crops'] = crop_boxes(
            results['img'], results['public_bboxes'],
            self.crop_size).view(CropStack)
        if self.drop_image:
            results.pop('img')
        return results
