"""Training clips from a folder of the user's own unlabeled videos."""
import os.path as osp
from typing import Optional

from mmdet.registry import DATASETS
from mmengine.dist import barrier, get_rank, is_distributed

from .unlabeled_clip_dataset import UnlabeledClipDataset


@DATASETS.register_module()
class UnlabeledVideoFolderDataset(UnlabeledClipDataset):
    """:class:`UnlabeledClipDataset` over a folder of video files (any format
    OpenCV reads) or frame folders: what cross-input consistency trains on
    (Bastani et al., Sec. 3: unlabeled video plus detections).

    When the dataset is built, the videos are turned into a MOTChallenge
    split with detections (:func:`videos_to_mot`: frames as JPEG,
    ``det/det.txt`` from the ``detector``), by rank 0 while the other ranks
    wait; a video already prepared with the same detector is reused, so a
    second run (or ``--resume``) starts at once. No ground truth exists or
    is read.

    Args:
        video_dir (str): Folder of videos.
        prepared_root (str, optional): Where frames and detections go.
            Defaults to ``VIDEO_DIR_mot`` beside ``video_dir``.
        detector (dict): Detection source, see :func:`detector_factory`:
            ``dict(kind='hog')`` (default, no weights),
            ``dict(kind='mmdet', config=..., checkpoint=..., classes=[...])``
            or ``dict(kind='mot', path=FOLDER)`` with ``VIDEO_NAME.txt``.
        progress (bool): Progress bars while preparing. Defaults to True.
        **kwargs: :class:`UnlabeledClipDataset` arguments (``clip_len``,
            ``det_score_thr``, ``far_gap``, ``artificial``, ``pipeline``).
    """

    def __init__(self, video_dir: str, prepared_root: Optional[str] = None,
                 detector: Optional[dict] = None, progress: bool = True,
                 **kwargs) -> None:
        from .video import detector_factory
        from mmtrack_unsup.datasets.converters.videos2mot import (
            videos_to_mot, written_paths)
        for key in ('ann_file', 'data_root', 'data_prefix'):
            if key in kwargs:
                raise TypeError(f'{key} is set from video_dir/prepared_root')
        self.video_dir = video_dir
        self.prepared_root = prepared_root or (
            osp.normpath(video_dir) + '_mot')
        spec = dict(detector or dict(kind='hog'))
        if get_rank() == 0:
            videos_to_mot(video_dir, self.prepared_root,
                                  detector_factory(spec), spec,
                                  progress=progress)
        if is_distributed():
            barrier()
        paths = written_paths(self.prepared_root)
        super().__init__(
            ann_file=paths['detections'], data_root='',
            data_prefix=dict(img_path=osp.join(self.prepared_root, 'train')),
            **kwargs)
