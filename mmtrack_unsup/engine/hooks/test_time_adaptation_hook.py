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

    Args:
        num_iters (int): Adaptation steps per video. Defaults to 5.
        num_frames (int): Frames per clip (Table 2). Defaults to 2.
        clips_per_iter (int): Clips in each step's batch. Defaults to 4.
        optimizer (dict): mmengine optimizer config (without params).
        update (Sequence[str]): Prefixes of the parameters to adapt.
        seed (int): Seed of the clip draws.
        in_val (bool): Also adapt in validation during training (off: the
            validation score then measures the trained model).
    """
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
                 in_val: bool = False) -> None:
        if num_iters < 1 or num_frames < 2 or clips_per_iter < 1:
            raise ValueError('num_iters >= 1, num_frames >= 2 and '
                             'clips_per_iter >= 1 are required')
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
        place; :meth:`restore` undoes it."""
        params = self._params(model)
        self._saved = {n: p.detach().clone() for n, p in params.items()}
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
        generator = torch.Generator().manual_seed(self.seed * 100003 +
                                                  video_index)
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
