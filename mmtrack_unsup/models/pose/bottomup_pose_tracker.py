"""A bottom-up pose estimator that also tracks: every predicted person gets
an identity from :class:`PoseTracker` (Fu et al., Sec. 4.4)."""
from mmdet.registry import MODELS as MMDET_MODELS
from mmengine.registry import DefaultScope
from mmpose.models.pose_estimators import BottomupPoseEstimator
from mmpose.registry import MODELS

from mmtrack_unsup.datasets.formats import posetrack18_video_frame


@MODELS.register_module()
class BottomupPoseTracker(BottomupPoseEstimator):
    """mmpose's ``BottomupPoseEstimator`` whose test step also assigns
    ``pred_instances.instance_ids`` (-1: not tracked), frame after frame.

    Frames must arrive in video order, one per batch, each video whole in
    one process: the tracker starts over whenever the video of the image id
    changes or the video starts again (the next validation). The configs' test sampler, :class:`VideoShardSampler`, gives
    each process whole videos; a frame that does not follow the previous
    one of its video (e.g. every N-th frame, as mmengine's round-robin
    ``DefaultSampler`` deals them to N processes) stops the test.

    Args:
        tracker (dict): A :class:`PoseTracker` (mmdet's registry).
        Other arguments: mmpose's ``BottomupPoseEstimator``.
    """

    def __init__(self, *args, tracker: dict, **kwargs) -> None:
        # its parts are mmpose's, whatever scope the runner runs in (the
        # configs run in mmdet's: see configs/pose_track)
        with DefaultScope.overwrite_default_scope('mmpose'):
            super().__init__(*args, **kwargs)
        with DefaultScope.overwrite_default_scope('mmdet'):
            self.tracker = MMDET_MODELS.build(tracker)
        self._video = None
        self._frame = None

    def predict(self, inputs, data_samples):
        if len(data_samples) != 1:
            raise ValueError('tracking takes one frame per batch (test '
                             f'batch_size=1), got {len(data_samples)}')
        results = super().predict(inputs, data_samples)
        for sample in results:
            video, frame = posetrack18_video_frame(sample.metainfo['img_id'])
            # a new video, or this one again from its start (the next
            # validation): the tracker starts over
            if video != self._video or frame <= self._frame:
                self.tracker.reset()
                self._video = video
            elif frame != self._frame + 1:
                raise RuntimeError(
                    f'video {video}: frame {frame} follows frame '
                    f'{self._frame}; tracking needs every frame in order, '
                    'each video in one process (test_dataloader.sampler='
                    "dict(type='VideoShardSampler'), batch_size=1)")
            self._frame = frame
            pred = sample.pred_instances
            # frame_id 0 would reset again: count from 1 within a video
            pred.instance_ids = self.tracker.track(
                pred.keypoints, pred.keypoint_scores, frame + 1,
                pred.get('embeddings'))
        return results
