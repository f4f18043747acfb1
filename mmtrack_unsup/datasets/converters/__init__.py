"""Converters from benchmark layouts to the json mmdet / mmpose read."""
from .kitti2cocovid import KITTI_CATEGORIES, convert_kitti
from .mot2cocovid import MOT_CLASSES, convert_mot, convert_mot_subset
from .posetrack18_merge import merge_posetrack18
from .split_youtubevis import split_youtubevis
from .youtubevis2cocovid import YTVIS2019_COCO_OVERLAP, convert_youtubevis

__all__ = [
    'KITTI_CATEGORIES', 'convert_kitti', 'MOT_CLASSES', 'convert_mot',
    'convert_mot_subset', 'YTVIS2019_COCO_OVERLAP', 'convert_youtubevis',
    'split_youtubevis', 'merge_posetrack18'
]
