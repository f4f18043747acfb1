"""Track the frames of any video with a tracker config of this package."""
import copy
import time
from typing import Iterable, Iterator, Optional, Tuple

import numpy as np
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.dataset import Compose, default_collate
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from mmtrack_unsup.models.detectors import PublicDetector
from mmtrack_unsup.utils.checkpoint import (checkpoint_coverage,
                                            load_local_checkpoints_fully)
from mmtrack_unsup.datasets.video import FrameDetections

# What the benchmark pipelines load from disk; a video's frames come in memory.
FILE_LOADERS = ('LoadImageFromFile', 'LoadTrackAnnotations')


def frame_pipeline(cfg: Config) -> Compose:
    """The config's test pipeline without its file loaders: the frame and
    its detections are put in the results by :class:`VideoTracker` (as
    ``mmdet.apis.build_test_pipeline`` does for mmdet's demo, keeping every
    other transform, e.g. ``Resize`` or ``CropPublicDetections``)."""
    test_loader = cfg.get('test_dataloader') or {}
    if 'pipeline' not in test_loader.get('dataset', {}):
        raise ValueError(f'{cfg.filename}: no test_dataloader.dataset.'
                         'pipeline to take the frame transforms from')
    pipeline = []
    for transform in copy.deepcopy(test_loader['dataset']['pipeline']):
        if transform['type'] == 'TransformBroadcaster':
            transform['transforms'] = [
                t for t in transform['transforms']
                if t['type'] not in FILE_LOADERS
            ]
            if not transform['transforms']:
                continue
        elif transform['type'] in FILE_LOADERS:
            continue
        pipeline.append(transform)
    return Compose(pipeline)


class VideoTracker:
    """A tracker built from a config (SORT, ByteTrack, OC-SORT,
    cross-input consistency, SOLO-Track, ...), fed one frame at a time.

    Trackers on public detections (``PublicDetector``) take each frame's
    detections from a detection source (:mod:`mmtrack_unsup.datasets.video`); models with
    a detector of their own (SOLO-Track) ignore it, and giving one is an
    error, not a silent no-op.

    Args:
        config (str | Config): Tracker config.
        checkpoint (str, optional): Weights. A model with parameters needs
            one, and it must cover every parameter unless ``allow_partial``.
        device (str): Defaults to ``'cpu'``.
        cfg_options (dict, optional): Overrides merged into the config.
        allow_partial (bool): Accept a checkpoint that leaves parameters
            at their initialisation. Defaults to False.
    """

    def __init__(self, config, checkpoint: Optional[str] = None,
                 device: str = 'cpu', cfg_options: Optional[dict] = None,
                 allow_partial: bool = False) -> None:
        cfg = Config.fromfile(config) if isinstance(config, str) else config
        if cfg_options:
            cfg.merge_from_dict(cfg_options)
        self.cfg = cfg
        init_default_scope(cfg.get('default_scope', 'mmdet'))
        model = MODELS.build(cfg.model)
        num_params = sum(p.numel() for p in model.parameters())
        if checkpoint is None and num_params:
            raise ValueError(
                f'{cfg.filename}: the model has {num_params} parameters to '
                'learn; give the trained checkpoint (--checkpoint)')
        if checkpoint is not None:
            load_local_checkpoints_fully()
            ckpt = load_checkpoint(model, checkpoint, map_location='cpu',
                                   logger='silent')
            report = checkpoint_coverage(model, ckpt)
            if not report.complete and not allow_partial:
                raise ValueError(
                    f'{checkpoint} does not cover the model of '
                    f'{cfg.filename}:\n{report.describe()}\n(pass '
                    'allow_partial / --allow-partial-checkpoint to use it '
                    'anyway)')
            meta = ckpt.get('meta', {}).get('dataset_meta')
            if meta:
                model.dataset_meta = meta
        self.model = model.to(device).eval()
        self.device = device
        self.pipeline = frame_pipeline(cfg)
        self.uses_detections = isinstance(getattr(model, 'detector', None),
                                          PublicDetector)

    @property
    def dataset_meta(self) -> dict:
        meta = getattr(self.model, 'dataset_meta', None)
        if meta:
            return meta
        dataset = (self.cfg.get('test_dataloader') or {}).get('dataset', {})
        return dict(classes=(dataset.get('metainfo') or {}).get(
            'classes', ('object', )))

    def track_frame(self, img: np.ndarray, frame_id: int, num_frames: int,
                    dets: Optional[FrameDetections] = None
                    ) -> DetDataSample:
        """Track one BGR frame; frames must come in order from 0. Returns the
        frame's data sample with ``pred_track_instances``."""
        if self.uses_detections and dets is None:
            raise ValueError('this tracker runs on detections: give a '
                             'detection source (--detector)')
        if dets is not None and not self.uses_detections:
            raise ValueError('this model detects by itself; a detection '
                             'source would be ignored: do not give one')
        h, w = img.shape[:2]
        results = dict(img=[img], img_id=[frame_id + 1], img_path=[None],
                       frame_id=[frame_id], ori_shape=[(h, w)],
                       img_shape=[(h, w)], video_id=[0],
                       video_length=[num_frames],
                       ori_video_length=[num_frames])
        if dets is not None:
            results.update(public_bboxes=[dets.bboxes],
                           public_scores=[dets.scores],
                           public_labels=[dets.labels])
        data = default_collate([self.pipeline(results)])
        with torch.no_grad():
            track_sample = self.model.test_step(data)[0]
        return track_sample[0]

    def track(self, frames: Iterable[np.ndarray], num_frames: int,
              detector=None) -> Iterator[Tuple[np.ndarray, DetDataSample]]:
        """``(frame, data sample)`` for every frame of ``frames``;
        ``detector(img, frame_id)`` gives the detections when the tracker
        needs them. The time spent detecting and tracking is summed per
        stage (:meth:`fps`)."""
        self.seconds = dict(detection=0.0, tracking=0.0)
        self.frames = 0
        for t, img in enumerate(frames):
            start = time.perf_counter()
            dets = detector(img, t) if detector is not None else None
            detected = time.perf_counter()
            sample = self.track_frame(img, t, num_frames, dets)
            self.seconds['detection'] += detected - start
            self.seconds['tracking'] += time.perf_counter() - detected
            self.frames += 1
            yield img, sample

    def fps(self, stage: str) -> float:
        """Frames per second of ``'detection'`` (the detection source) or
        ``'tracking'`` (the tracker model, with its pipeline) over the
        frames of the last :meth:`track`; nan when nothing was timed."""
        seconds = getattr(self, 'seconds', {}).get(stage, 0.0)
        return self.frames / seconds if seconds else float('nan')
