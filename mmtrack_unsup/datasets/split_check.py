"""Whether a training config reads the split it is evaluated on."""
import os.path as osp
from typing import Optional

from mmtrack_unsup.utils import load_json
from .detection_file import file_subset_from_head


def _ann_path(dataset: Optional[dict]) -> Optional[str]:
    if not isinstance(dataset, dict) or not dataset.get('ann_file'):
        return None
    path = dataset['ann_file']
    return path if osp.isabs(path) else osp.join(
        dataset.get('data_root') or '', path)


def _video_names(path: str) -> set:
    return {v.get('name', v.get('id')) for v in load_json(path)['videos']}


def training_on_evaluation_split(cfg) -> Optional[str]:
    """A warning when the training annotation file is of the split that the
    config's val or test dataset scores (both converted by our tools, which
    record ``info.subset``, in one folder), naming the videos they share;
    else None. Training on the evaluation split's detections is the mistake
    reviewers catch first; self-supervised training on the very footage
    that is scored is legitimate when meant, hence a warning, not a stop."""
    train = _ann_path((cfg.get('train_dataloader') or {}).get('dataset'))
    if not train or not osp.isfile(train):
        return None
    subset = file_subset_from_head(train)
    if subset is None:
        return None
    for key in ('val_dataloader', 'test_dataloader'):
        evaluated = _ann_path((cfg.get(key) or {}).get('dataset'))
        if (not evaluated or not osp.isfile(evaluated)
                or osp.dirname(osp.abspath(evaluated)) !=
                osp.dirname(osp.abspath(train))
                or file_subset_from_head(evaluated) != subset):
            continue
        shared = sorted(_video_names(train) & _video_names(evaluated),
                        key=str)
        if shared:
            more = f' (+{len(shared) - 5} more)' if len(shared) > 5 else ''
            return (f'training reads {train}, the {subset!r} split that '
                    f'{key} scores ({evaluated}): videos '
                    f'{", ".join(map(str, shared[:5]))}{more} are trained '
                    'on and then evaluated. If that is not meant, point '
                    'train_dataloader.dataset.ann_file at the training '
                    'split\'s detections')
    return None
