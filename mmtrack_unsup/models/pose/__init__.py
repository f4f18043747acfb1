"""Pose tracking on mmpose (Fu et al., Sec. 4.4). Imported by the pose
configs (``custom_imports``), not by ``mmtrack_unsup`` itself, so mmpose is
needed only for pose tracking."""
from .bottomup_pose_tracker import BottomupPoseTracker
from .cid_track_head import (CIDTrackHead, centre_region_cells,
                             keypoint_extents)
from .pose_tracker import PoseTracker, pose_oks

__all__ = [
    'BottomupPoseTracker', 'CIDTrackHead', 'centre_region_cells',
    'keypoint_extents', 'PoseTracker', 'pose_oks'
]
