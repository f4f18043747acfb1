from .posetrack_ap import average_precision, posetrack_ap
from .posetrack_mota import JointFrame, head_size, posetrack_mota

__all__ = ['JointFrame', 'average_precision', 'head_size', 'posetrack_ap',
           'posetrack_mota']
