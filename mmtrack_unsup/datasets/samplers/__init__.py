from .video_shard_sampler import VideoShardSampler

__all__ = ['VideoShardSampler']
