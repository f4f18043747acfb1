"""Inference of the MOT models that track public detections."""
from mmdet.structures import TrackSampleList


def track_video(model, data_samples: TrackSampleList,
                rescale: bool = True) -> TrackSampleList:
    """Track one video frame by frame, as mmdet's MOT models do: the
    model's ``detector`` fills each frame's ``pred_instances``, its
    ``tracker`` (given the model, for its learned parts) the
    ``pred_track_instances``."""
    if len(data_samples) != 1:
        raise ValueError('inference takes one video per batch, got '
                         f'{len(data_samples)}')
    if model.tracker is None or model.detector is None:
        raise RuntimeError('predict() needs `tracker` and `detector` in the '
                           'model config')
    track_sample = data_samples[0]
    for frame in track_sample.video_data_samples:
        model.detector.predict(None, [frame], rescale=rescale)
        frame.pred_track_instances = model.tracker.track(
            model=model, data_sample=frame, rescale=rescale)
    return [track_sample]
