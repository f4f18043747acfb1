"""VideoShardSampler: under N processes each gets whole videos, in dataset
order, and together they cover every frame once."""
import pytest

from mmtrack_unsup.datasets.samplers import video_shard_sampler
from mmtrack_unsup.datasets.samplers import VideoShardSampler


class Frames:
    """A frame-level dataset: videos of the given lengths, laid out as
    PoseTrack18 (images/val/VIDEO/FRAME.jpg)."""

    def __init__(self, lengths, order=None):
        self.infos = [dict(img_path=f'images/val/{v:06d}/{t:06d}.jpg',
                           video=v)
                      for v, n in enumerate(lengths) for t in range(n)]
        if order is not None:
            self.infos = [self.infos[i] for i in order]

    def __len__(self):
        return len(self.infos)

    def get_data_info(self, index):
        return dict(self.infos[index])


def _shards(dataset, world_size, **kwargs):
    shards = []
    for rank in range(world_size):
        video_shard_sampler.get_dist_info = lambda r=rank: (r, world_size)
        shards.append(list(VideoShardSampler(dataset, **kwargs)))
    return shards


@pytest.fixture(autouse=True)
def restore_dist_info():
    original = video_shard_sampler.get_dist_info
    yield
    video_shard_sampler.get_dist_info = original


def test_one_process_keeps_the_dataset_order():
    dataset = Frames([3, 5, 2])
    assert _shards(dataset, 1) == [list(range(10))]


def test_processes_get_whole_videos_balanced_by_frames():
    # videos 0..3 of 6, 2, 3, 3 frames; indices 0-5, 6-7, 8-10, 11-13
    dataset = Frames([6, 2, 3, 3])
    shards = _shards(dataset, 2)
    # longest first to the least loaded: 6 -> rank 0; 3 (video 2) -> rank 1;
    # 3 (video 3) -> rank 1; 2 -> rank 0; each rank in dataset order
    assert shards == [[0, 1, 2, 3, 4, 5, 6, 7],
                      [8, 9, 10, 11, 12, 13]]
    assert sorted(i for s in shards for i in s) == list(range(len(dataset)))


def test_a_process_without_a_video_gets_no_frame():
    assert _shards(Frames([2]), 2) == [[0, 1], []]


def test_video_key_reads_a_data_info_field():
    assert _shards(Frames([1, 2]), 2, video_key='video') == [[1, 2], [0]]
    with pytest.raises(KeyError, match="no field 'clip'"):
        _shards(Frames([1]), 1, video_key='clip')


def test_interleaved_videos_are_refused():
    # frame 0 of video 1 sits between frames of video 0
    dataset = Frames([2, 2], order=[0, 2, 1, 3])
    with pytest.raises(ValueError, match='not consecutive'):
        _shards(dataset, 1)
