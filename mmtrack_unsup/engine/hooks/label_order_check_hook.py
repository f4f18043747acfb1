"""Stop a run whose class names do not say what its labels are."""
from mmdet.registry import HOOKS
from mmengine.hooks import Hook

from mmtrack_unsup.datasets.category_order import label_names


def _datasets(dataset):
    """The COCO-style datasets inside ``dataset`` (wrappers unwrapped)."""
    if hasattr(dataset, 'datasets'):  # ConcatDataset
        for inner in dataset.datasets:
            yield from _datasets(inner)
    elif hasattr(dataset, 'dataset'):  # RepeatDataset, ClassBalanced...
        yield from _datasets(dataset.dataset)
    elif hasattr(dataset, 'cat_ids') and getattr(dataset, 'ann_file', None):
        yield dataset


@HOOKS.register_module()
class LabelOrderCheckHook(Hook):
    """Checks that label ``i`` is the class ``metainfo['classes'][i]`` in
    every COCO-style dataset of the run (training, validation, test).

    mmdet's ``CocoDataset`` and ``BaseVideoDataset`` number labels in the
    annotation file's category order and ignore the order of ``classes``,
    which only names them (in the model's head, the metric and the
    visualiser). Listing the classes in another order trains label 1 as one
    class and scores it as another, with no error from mmdet (issue 11,
    defect 1). This hook reads each file's categories and stops the run,
    naming the file, the first label that differs and the order to use.
    """
    priority = 'VERY_HIGH'

    def _check(self, loop) -> None:
        if loop is None:
            return
        for dataset in _datasets(loop.dataloader.dataset):
            actual = label_names(dataset)
            declared = list(dataset.metainfo['classes'])
            if actual != declared:
                i = next(k for k, (a, d) in enumerate(zip(actual, declared))
                         if a != d)
                raise ValueError(
                    f'{dataset.ann_file}: label {i} is {actual[i]!r} (mmdet '
                    'numbers labels in the file\'s category order), but '
                    f'metainfo classes[{i}] says {declared[i]!r}. List the '
                    f'classes in the file\'s order: {tuple(actual)}')

    def before_train(self, runner) -> None:
        self._check(runner.train_loop)
        self._check(runner.val_loop)

    def before_test(self, runner) -> None:
        self._check(runner.test_loop)
