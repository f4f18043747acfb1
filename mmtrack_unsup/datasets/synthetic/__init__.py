"""Synthetic tracking corpus in the real benchmarks' on-disk layouts."""
from .config import PRESETS, SceneConfig, get_preset
from .detector_noise import simulate_detections
from .mask_writer import write_coco_images, write_youtubevis
from .pose_scene import PoseSceneSimulator, figure_joints, simulate_pose
from .pose_writer import write_coco_keypoints, write_posetrack18
from .mot_writer import sequence_name, write_mot_sequence, write_mot_split
from .scene import SceneFrame, SceneSimulator, simulate
from .video_domain import VIDEO_DOMAINS, VideoDomain

__all__ = [
    'PRESETS', 'SceneConfig', 'get_preset', 'simulate_detections',
    'write_coco_images', 'write_youtubevis', 'sequence_name',
    'write_mot_sequence', 'write_mot_split', 'SceneFrame', 'SceneSimulator',
    'simulate', 'PoseSceneSimulator', 'figure_joints', 'simulate_pose',
    'write_coco_keypoints', 'write_posetrack18', 'VIDEO_DOMAINS',
    'VideoDomain'
]
