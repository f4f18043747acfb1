"""Refusing a checkpoint that leaves part of the model unloaded."""
from typing import Sequence

from mmdet.registry import HOOKS
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmtrack_unsup.utils.checkpoint import checkpoint_coverage


@HOOKS.register_module()
class CheckpointCoverageHook(Hook):
    """Stops a run whose checkpoint does not load every parameter and buffer.

    mmengine loads ``load_from`` / ``--checkpoint`` with ``strict=False``
    and only logs the keys it could not match, so a checkpoint of another
    model leaves random weights that still produce a plausible score. This
    hook compares the checkpoint with the model before mmengine loads it
    (``after_load_checkpoint``) and raises, naming the missing, unexpected
    and mis-shaped keys. ``tools/train.py``, ``tools/test.py`` and
    ``tools/benchmark_trackers.py`` add it to every config.

    Args:
        fresh_prefixes (Sequence[str]): Model keys starting with one of
            these may be missing from the checkpoint: parts that are meant
            to start from their initialisation (e.g. a new embedding
            branch on a pretrained detector).
        allow_partial (bool): Only warn (the ``--allow-partial-checkpoint``
            flag of the tools).
        require_checkpoint (bool): In testing, a model with parameters must
            have loaded a checkpoint (``tools/test.py`` and the benchmark
            set it: scoring random weights is never what was meant).
    """
    priority = 'VERY_HIGH'

    def __init__(self, fresh_prefixes: Sequence[str] = (),
                 allow_partial: bool = False,
                 require_checkpoint: bool = False) -> None:
        self.fresh_prefixes = tuple(fresh_prefixes)
        self.allow_partial = allow_partial
        self.require_checkpoint = require_checkpoint
        self.loaded = False

    @staticmethod
    def _model(runner):
        model = runner.model
        return model.module if is_model_wrapper(model) else model

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self.loaded = True
        report = checkpoint_coverage(self._model(runner), checkpoint,
                                     self.fresh_prefixes)
        if not report.complete:
            source = runner.cfg.get('load_from') or 'the checkpoint'
            message = (f'{source} does not load the whole '
                       f'{type(self._model(runner)).__name__}:\n'
                       f'{report.describe()}')
            if not self.allow_partial:
                raise RuntimeError(
                    message + '\nIs it a checkpoint of this config? Pass '
                    '--allow-partial-checkpoint, or list the parts that '
                    'may start fresh in CheckpointCoverageHook('
                    'fresh_prefixes=...), to load it anyway.')
            runner.logger.warning(message + '\n(--allow-partial-checkpoint: '
                                  'the rest keeps its initialisation)')

    def before_test(self, runner) -> None:
        if not self.require_checkpoint or self.loaded or self.allow_partial:
            return
        model = self._model(runner)
        if any(True for _ in model.parameters()):
            raise RuntimeError(
                f'{type(model).__name__} has learned weights but no '
                'checkpoint was loaded: pass --checkpoint (or '
                '--allow-partial-checkpoint to score its initial weights)')
