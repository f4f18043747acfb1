"""Test-time adaptation of SOLO-Track (Fu et al., CVPR 2021, Sec. 3.5)."""
from typing import Dict, Optional, Sequence

import torch
from mmdet.registry import HOOKS
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.registry import OPTIMIZERS


@HOOKS.register_module()
class TestTimeAdaptationHook(Hook):
    """Before each test video is tracked, ``num_iters`` steps of the
    cycle-consistency loss (Eq. 8) on clips of that video's own frames
    update the parameters named by ``update`` (the paper's best: the video
    branch and the backbone with the FPN); the video is then tracked with
    the image embedding, and after it the saved weights are restored, so
    every video starts from the trained model (Sec. 3.5; 5 iterations per
    video in Sec. 4.2).

    The model keeps its eval mode while adapting (BatchNorm running
    statistics are not updated by the few frames of one video; the head
    computes its training outputs for the loss, see
    ``SOLOTrack.cycle_loss``). A new optimizer (no momentum carried over)
    is built for each video. Clips are ``num_frames`` consecutive frames
    from random starts, drawn by a generator seeded with ``seed`` and the
    video's index, so a run is repeatable.

    ``mode='offline'`` is the paper's procedure: the video's clips are drawn
    from all its frames before the first is tracked, so the tracker of
    frame t has been adapted on frames after t, which an online tracker
    (a camera feed) cannot do. ``mode='online'`` (a labeled deviation,
    ``docs/deviations.md``) adapts only on frames already seen: before
    frame t is tracked (t >= ``num_frames`` - 1, every ``online_interval``
    frames), ``num_iters`` steps on clips drawn from frames 0..t, the
    adaptation accumulating over the video; the weights are restored
    after the video as offline. It costs ``num_iters`` steps per adapted
    frame instead of per video.

    Args:
        num_iters (int): Adaptation steps per video (offline) or per
            adapted frame (online). Defaults to 5.
        num_frames (int): Frames per clip (Table 2). Defaults to 2.
        clips_per_iter (int): Clips in each step's batch. Defaults to 4.
        optimizer (dict): mmengine optimizer config (without params).
        update (Sequence[str]): Prefixes of the parameters to adapt.
        seed (int): Seed of the clip draws.
        in_val (bool): Also adapt in validation during training (off: the
            validation score then measures the trained model).
        mode (str): ``'offline'`` (the paper) or ``'online'``.
        online_interval (int): Online: adapt before every this many frames.
    """
    MODES = ('offline', 'online')
    priority = 'NORMAL'

    def __init__(self,
                 num_iters: int = 5,
                 num_frames: int = 2,
                 clips_per_iter: int = 4,
                 optimizer: dict = dict(type='SGD', lr=0.001, momentum=0.9),
                 update: Sequence[str] = (
                     'detector.backbone', 'detector.neck',
                     'detector.mask_head.video_embed_convs',
                     'detector.mask_head.conv_video_embed'),
                 seed: int = 0,
                 in_val: bool = False,
                 mode: str = 'offline',
                 online_interval: int = 1) -> None:
        if num_iters < 1 or num_frames < 2 or clips_per_iter < 1:
            raise ValueError('num_iters >= 1, num_frames >= 2 and '
                             'clips_per_iter >= 1 are required')
        if mode not in self.MODES or online_interval < 1:
            raise ValueError(f'mode must be one of {self.MODES} and '
                             f'online_interval >= 1, got {mode!r}, '
                             f'{online_interval}')
        self.mode = mode
        self.online_interval = online_interval
        self.num_iters = num_iters
        self.num_frames = num_frames
        self.clips_per_iter = clips_per_iter
        self.optimizer = optimizer
        self.update = tuple(update)
        self.seed = seed
        self.in_val = in_val
        self._saved: Optional[Dict[str, torch.Tensor]] = None

    @staticmethod
    def _model(runner):
        model = runner.model
        return model.module if is_model_wrapper(model) else model

    def _params(self, model) -> Dict[str, torch.nn.Parameter]:
        params = {n: p for n, p in model.named_parameters()
                  if n.startswith(self.update)}
        if not params:
            raise ValueError(
                f'TestTimeAdaptationHook: no parameter of '
                f'{type(model).__name__} starts with any of {self.update}')
        return params

    def adapt(self, model, data_batch: dict, video_index: int) -> None:
        """Adapt ``model`` to the video of ``data_batch`` (one video) in
        place (offline), or make it adapt before each frame it tracks
        (online); :meth:`restore` undoes either."""
        if self.mode == 'online' and \
                not hasattr(type(model), 'before_track_frame'):
            raise ValueError(
                f'{type(model).__name__} tracks without calling '
                "before_track_frame: mode='online' needs a model that does "
                '(SOLOTrack)')
        params = self._params(model)
        self._saved = {n: p.detach().clone() for n, p in params.items()}
        generator = torch.Generator().manual_seed(self.seed * 100003 +
                                                  video_index)
        if self.mode == 'online':
            model.before_track_frame = \
                lambda seen: self._online_step(model, seen, params, generator)
            return
        data = model.data_preprocessor(dict(data_batch), False)
        video = data['inputs']
        if video.dim() != 5 or video.size(0) != 1:
            raise ValueError('test-time adaptation takes one video per '
                             f'batch (1, T, C, H, W); got {tuple(video.shape)}')
        video = video[0]
        if len(video) < self.num_frames:
            print_log(f'test-time adaptation skipped a video of {len(video)} '
                      f'frames (< num_frames={self.num_frames})', 'current')
            return
        self._steps(model, video, params, generator)

    def _online_step(self, model, seen: torch.Tensor, params: dict,
                     generator: torch.Generator) -> None:
        """Before frame ``len(seen) - 1`` is tracked: adapt on ``seen``, the
        frames 0..t (preprocessed), when a clip fits and the interval is
        due."""
        t = len(seen) - 1
        if len(seen) < self.num_frames or \
                (t - self.num_frames + 1) % self.online_interval:
            return
        self._steps(model, seen, params, generator)

    def _steps(self, model, video: torch.Tensor, params: dict,
               generator: torch.Generator) -> None:
        """``num_iters`` steps of the cycle loss on clips of ``video``
        ``(T, C, H, W)``."""
        frozen = [p for n, p in model.named_parameters() if n not in params
                  and p.requires_grad]
        for p in frozen:
            p.requires_grad_(False)
        optimizer = OPTIMIZERS.build(
            dict(self.optimizer, params=list(params.values())))
        try:
            with torch.enable_grad():
                for _ in range(self.num_iters):
                    starts = torch.randint(
                        0, len(video) - self.num_frames + 1,
                        (self.clips_per_iter, ), generator=generator)
                    clips = torch.stack([video[s:s + self.num_frames]
                                         for s in starts.tolist()])
                    optimizer.zero_grad()
                    model.cycle_loss(clips).backward()
                    optimizer.step()
        finally:
            optimizer.zero_grad(set_to_none=True)
            for p in frozen:
                p.requires_grad_(True)

    def restore(self, model) -> None:
        """Put back the weights saved by :meth:`adapt`."""
        if self.mode == 'online':
            model.before_track_frame = None
        if self._saved is None:
            return
        params = dict(model.named_parameters())
        with torch.no_grad():
            for name, value in self._saved.items():
                params[name].copy_(value)
        self._saved = None

    def before_test_iter(self, runner, batch_idx: int,
                         data_batch: Optional[dict] = None) -> None:
        self.adapt(self._model(runner), data_batch, batch_idx)

    def after_test_iter(self, runner, batch_idx: int,
                        data_batch: Optional[dict] = None,
                        outputs=None) -> None:
        self.restore(self._model(runner))

    def before_val_iter(self, runner, batch_idx: int,
                        data_batch: Optional[dict] = None) -> None:
        if self.in_val:
            self.adapt(self._model(runner), data_batch, batch_idx)

    def after_val_iter(self, runner, batch_idx: int,
                       data_batch: Optional[dict] = None,
                       outputs=None) -> None:
        self.restore(self._model(runner))
