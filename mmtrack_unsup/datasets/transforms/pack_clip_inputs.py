"""Packs a training clip for :class:`CrossInputConsistency`."""
import torch
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS
from mmengine.structures import BaseDataElement


@TRANSFORMS.register_module()
class PackClipInputs(BaseTransform):
    """``inputs``: (K, 3, S, S) uint8 crops; ``data_samples``: a
    ``BaseDataElement`` with per-frame ``bboxes`` (pixels, x1y1x2y2),
    ``crop_index`` and the ``artificial`` flags of the last frame, and the
    frame size in ``metainfo['img_shape']`` (H, W)."""

    def transform(self, results: dict) -> dict:
        sample = BaseDataElement(metainfo=dict(
            img_shape=(results['height'], results['width']),
            video_name=results['video_name'], start=results['start']))
        sample.bboxes = [torch.as_tensor(b, dtype=torch.float32)
                         for b in results['bboxes']]
        sample.crop_index = [torch.as_tensor(c, dtype=torch.long)
                             for c in results['crop_index']]
        sample.artificial = torch.as_tensor(results['artificial'])
        crops = torch.from_numpy(results['crops']).permute(0, 3, 1, 2)
        return dict(inputs=crops.contiguous(), data_samples=sample)
