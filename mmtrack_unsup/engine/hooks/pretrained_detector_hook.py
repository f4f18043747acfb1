"""Loading an mmdet detector checkpoint into a model that wraps it."""
from typing import Optional, Sequence

from mmdet.datasets import CocoDataset
from mmdet.registry import HOOKS
from mmengine.hooks import Hook


@HOOKS.register_module()
class PretrainedDetectorHook(Hook):
    """Adapts an mmdet detector checkpoint (keys ``backbone.*``, ``neck.*``,
    ``mask_head.*``, 80 COCO classes) to a model that holds the detector as
    ``detector`` and predicts a subset of the classes.

    mmengine would load such a checkpoint into ``SOLOTrack`` as nothing (no
    key matches ``detector.*``) and train from ImageNet weights with only a
    log line. Here every key gets ``prefix``, and the rows of the category
    branch (``class_keys``, first dimension = ``source_classes``) are
    selected for ``classes`` by name, so a class keeps its pretrained
    classifier instead of being dropped. Checkpoints already in the model's
    format (a key starts with ``prefix``, e.g. ``--resume``) are untouched.
    It runs before :class:`CheckpointCoverageHook`, which then checks that
    everything but the new parts (its ``fresh_prefixes``) was loaded.

    Args:
        classes (Sequence[str]): The model's classes, in label order.
        source_classes (Sequence[str], optional): The checkpoint's classes
            in its label order. Defaults to mmdet's 80 COCO classes.
        prefix (str): Where the detector sits in the model.
        class_keys (Sequence[str]): The category branch's keys (after
            ``prefix``), whose first dimension is one row per class.
    """
    priority = 'HIGHEST'  # before CheckpointCoverageHook

    def __init__(self,
                 classes: Sequence[str],
                 source_classes: Optional[Sequence[str]] = None,
                 prefix: str = 'detector.',
                 class_keys: Sequence[str] = (
                     'detector.mask_head.conv_cls.weight',
                     'detector.mask_head.conv_cls.bias')) -> None:
        source = list(source_classes or CocoDataset.METAINFO['classes'])
        missing = [c for c in classes if c not in source]
        if missing:
            raise ValueError(f'classes {missing} are not among the '
                             f'checkpoint\'s source_classes')
        self.rows = [source.index(c) for c in classes]
        self.num_source = len(source)
        self.prefix = prefix
        self.class_keys = tuple(class_keys)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        state = checkpoint.get('state_dict', checkpoint)
        if any(k.startswith(self.prefix) for k in state):
            return  # already the model's own format
        adapted = {self.prefix + k: v for k, v in state.items()}
        for key in self.class_keys:
            value = adapted.get(key)
            if value is not None and len(value) == self.num_source:
                adapted[key] = value[self.rows]
        state.clear()
        state.update(adapted)
        runner.logger.info(
            f'detector checkpoint: keys prefixed with {self.prefix!r}; '
            f'{len(self.rows)} of {self.num_source} category rows kept '
            f'({", ".join(self.class_keys)})')
