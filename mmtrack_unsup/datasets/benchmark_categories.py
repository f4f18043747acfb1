"""The category lists of COCO 2017 and YouTube-VIS 2019, as their files have
them (ids, names, supercategories, file order).

The synthetic corpus writes these lists verbatim, so that everything that
depends on category ids and their order (mmdet numbering labels in each
file's order, the converter's ``--coco-overlap`` renumbering, the
pretrained-SOLO row selection) runs on the synthetic files exactly as on the
real ones.
"""
from typing import Dict, List

# COCO 2017 ``instances_*.json``: 80 categories, ids 1..90 with 12, 26, 29,
# 30, 45, 66, 68, 69, 71 and 83 unused, listed by increasing id. Names are
# mmdet's CocoDataset classes, which follow the same order.
COCO2017_IDS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18,
                19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33, 34, 35, 36,
                37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52,
                53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70,
                72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87,
                88, 89, 90)
# (first id, supercategory), each until the next entry's id
_COCO_SUPERCATEGORIES = ((1, 'person'), (2, 'vehicle'), (10, 'outdoor'),
                         (16, 'animal'), (27, 'accessory'), (34, 'sports'),
                         (44, 'kitchen'), (52, 'food'), (62, 'furniture'),
                         (72, 'electronic'), (78, 'appliance'),
                         (84, 'indoor'))

# YouTube-VIS 2019 ``train.json`` / ``valid.json``: 40 categories, ids 1..40
# in this order, supercategory "object".
YTVIS2019_NAMES = (
    'person', 'giant_panda', 'lizard', 'parrot', 'skateboard', 'sedan',
    'ape', 'dog', 'snake', 'monkey', 'hand', 'rabbit', 'duck', 'cat', 'cow',
    'fish', 'train', 'horse', 'turtle', 'bear', 'motorbike', 'giraffe',
    'leopard', 'fox', 'deer', 'owl', 'surfboard', 'airplane', 'truck',
    'zebra', 'tiger', 'elephant', 'snowboard', 'boat', 'shark', 'mouse',
    'frog', 'eagle', 'earless_seal', 'tennis_racket')


def coco2017_categories() -> List[Dict]:
    """COCO 2017's ``categories`` list, in its files' order."""
    from mmdet.datasets import CocoDataset
    names = CocoDataset.METAINFO['classes']
    assert len(names) == len(COCO2017_IDS) == 80
    cats = []
    for cat_id, name in zip(COCO2017_IDS, names):
        supercategory = [s for first, s in _COCO_SUPERCATEGORIES
                         if first <= cat_id][-1]
        cats.append(dict(supercategory=supercategory, id=cat_id, name=name))
    return cats


def ytvis2019_categories() -> List[Dict]:
    """YouTube-VIS 2019's ``categories`` list, in its files' order."""
    return [dict(supercategory='object', id=i, name=name)
            for i, name in enumerate(YTVIS2019_NAMES, 1)]


__all__ = ['COCO2017_IDS', 'YTVIS2019_NAMES', 'coco2017_categories',
           'ytvis2019_categories']
