"""Distributed tracking evaluation on a dataset of frames: every process
tracks whole videos, frame after frame."""
import os.path as osp
from collections import OrderedDict
from typing import Dict, Iterator, List, Optional, Sized

from mmdet.registry import DATA_SAMPLERS
from mmengine.dist import get_dist_info
from mmengine.logging import print_log
from torch.utils.data import Sampler


def video_of(info: dict, video_key: str, index: int):
    """The video of the frame whose data info is ``info``: the folder of its
    image (``video_key='img_dir'``) or the data-info field ``video_key``."""
    if video_key == 'img_dir':
        if 'img_path' not in info:
            raise KeyError(f'frame {index} has no img_path to find its '
                           'video by; set video_key to a field it has '
                           f'({sorted(info)})')
        return osp.dirname(info['img_path'])
    if video_key not in info:
        raise KeyError(f'frame {index} has no field {video_key!r} '
                       f'({sorted(info)})')
    return info[video_key]


@DATA_SAMPLERS.register_module()
class VideoShardSampler(Sampler):
    """Test sampler for frame-level video datasets (one frame per index,
    e.g. mmpose's ``PoseTrack18Dataset``): each process gets whole videos
    and iterates their frames in dataset order, so an online tracker sees
    every video from its first frame to its last in one process.

    mmengine's ``DefaultSampler`` deals indices out round-robin (rank r gets
    frames r, r + N, ...), which gives every process every N-th frame of
    every video; mmdet's ``TrackImgSampler`` shards whole videos but only of
    mmdet's ``BaseVideoDataset``. Videos are dealt to the process with the
    fewest frames so far, longest video first, so the processes finish at
    about the same time. With one process this is the dataset order, i.e.
    ``DefaultSampler(shuffle=False)``. A process may get no video (fewer
    videos than processes); it then only waits for the others.

    The results of the processes are gathered by concatenation (mmdet's
    ``BaseVideoMetric.evaluate``), not by mmengine's round-robin
    ``collect_results``, which would drop or reorder frames here.

    Args:
        dataset (Sized): The test dataset; its frames of one video must be
            consecutive indices.
        video_key (str): ``'img_dir'`` (the folder of ``img_path``: one
            folder per video, as PoseTrack18, MOTChallenge and KITTI lay
            them out) or the name of a data-info field holding the video.
        seed (int, optional): Accepted for mmengine's dataloader builder,
            which passes one to every sampler; the order is fixed.
    """

    def __init__(self, dataset: Sized, video_key: str = 'img_dir',
                 seed: Optional[int] = None) -> None:
        self.rank, self.world_size = get_dist_info()
        self.dataset = dataset
        videos = self._videos(dataset, video_key)
        load = [0] * self.world_size
        shards: List[List[int]] = [[] for _ in range(self.world_size)]
        for first in sorted(videos, key=lambda v: (-len(videos[v]), v)):
            rank = min(range(self.world_size), key=lambda r: (load[r], r))
            shards[rank].append(first)
            load[rank] += len(videos[first])
        self.indices = [i for first in sorted(shards[self.rank])
                        for i in videos[first]]
        if not self.indices:
            print_log(f'rank {self.rank} has no video to track: '
                      f'{len(videos)} videos for {self.world_size} '
                      'processes', logger='current')

    @staticmethod
    def _videos(dataset, video_key: str) -> Dict[int, List[int]]:
        """Each video's frame indices, keyed by its first index."""
        groups: 'OrderedDict[object, List[int]]' = OrderedDict()
        last = None
        for index in range(len(dataset)):
            video = video_of(dataset.get_data_info(index), video_key, index)
            if video != last and video in groups:
                raise ValueError(
                    f'frames of video {video!r} are not consecutive in the '
                    f'dataset (frame {index} comes after frames of another '
                    'video): a tracker needs each video in one piece')
            groups.setdefault(video, []).append(index)
            last = video
        return {frames[0]: frames for frames in groups.values()}

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices)

    def __len__(self) -> int:
        return len(self.indices)

    def set_epoch(self, epoch: int) -> None:
        """The order never changes (test sampler)."""
