"""Readers and writers of the benchmarks' raw file formats."""
from .kitti_tracking import (KITTI_TYPES, KittiRecord, format_kitti_line,
                             read_kitti_labels)
from .mot_challenge import (MOTRecord, SeqInfo, read_mot_txt, read_seqinfo,
                            write_mot_txt, write_seqinfo)
from .posetrack18 import posetrack18_image_id, posetrack18_video_frame

__all__ = [
    'KITTI_TYPES', 'KittiRecord', 'format_kitti_line', 'read_kitti_labels',
    'MOTRecord', 'SeqInfo', 'read_mot_txt', 'read_seqinfo', 'write_mot_txt',
    'write_seqinfo', 'posetrack18_image_id', 'posetrack18_video_frame'
]
