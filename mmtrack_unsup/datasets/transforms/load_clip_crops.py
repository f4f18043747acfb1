"""Crops of a training clip's detections (see UnlabeledClipDataset)."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS

from .crops import crop_boxes, read_frame


@TRANSFORMS.register_module()
class LoadClipCrops(BaseTransform):
    """Reads the frames of a clip that need crops and cuts the detections.

    Args:
        crop_size (int): Side of the square crops (64 in the paper).
        frames (str): ``'ends'`` loads I0 and In only (visual-spatial hiding
            never looks at the pixels of intermediate frames, so the other
            frames are not even read); ``'all'`` loads every frame.

    Adds ``crops`` (K, S, S, 3) uint8, ``crop_index`` (list per frame of
    (N_k,) int64, -1 where no crop was cut) and, for the artificial
    detections appended to In, their crops and ``artificial`` flags.
    """

    def __init__(self, crop_size: int = 64, frames: str = 'ends') -> None:
        if frames not in ('ends', 'all'):
            raise ValueError(f"frames must be 'ends' or 'all', got {frames}")
        self.crop_size = crop_size
        self.frames = frames

    def transform(self, results: dict) -> dict:
        bboxes = results['bboxes']
        last = len(bboxes) - 1
        wanted = range(len(bboxes)) if self.frames == 'all' else {0, last}
        crops, crop_index, count = [], [], 0
        for k, boxes in enumerate(bboxes):
            if k in wanted and len(boxes):
                crops.append(crop_boxes(read_frame(results['img_paths'][k]),
                                        boxes, self.crop_size))
                crop_index.append(np.arange(count, count + len(boxes)))
                count += len(boxes)
            else:
                crop_index.append(np.full(len(boxes), -1, np.int64))
        # artificial detections: In boxes with crops from far-away frames
        src = results['artificial_src_bboxes']
        num_art = len(src)
        for path, box in zip(results['artificial_img_paths'], src):
            crops.append(crop_boxes(read_frame(path), box[None],
                                    self.crop_size))
        if num_art:
            dst = bboxes[last][np.arange(num_art) % len(bboxes[last])]
            bboxes = list(bboxes[:last]) + [np.concatenate([bboxes[last],
                                                            dst])]
            crop_index[last] = np.concatenate(
                [crop_index[last], np.arange(count, count + num_art)])
        artificial = np.zeros(len(bboxes[last]), bool)
        artificial[len(artificial) - num_art:] = True
        results['bboxes'] = bboxes
        results['crops'] = (np.concatenate(crops) if crops else np.zeros(
            (0, self.crop_size, self.crop_size, 3), np.uint8))
        results['crop_index'] = crop_index
        results['artificial'] = artificial
        return results
