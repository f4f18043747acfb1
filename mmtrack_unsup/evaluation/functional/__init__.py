from .posetrack_mota import JointFrame, head_size, posetrack_mota

__all__ = ['JointFrame', 'head_size', 'posetrack_mota']
