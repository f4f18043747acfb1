"""configs/solo_track.py's datasets built from small files in the real COCO
and YouTube-VIS 2019 formats: label i is one class on both sides."""
import json
import os
import os.path as osp

from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS
from mmengine.config import Config

from conftest import REPO
from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                               convert_youtubevis,
                                               split_youtubevis)

# COCO 2017's category ids, in its files' order (ids 12, 26, 29, 30, 45,
# 66, 68, 69, 71, 83 are unused)
COCO_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19,
            20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33, 34, 35, 36, 37, 38,
            39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,
            56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75,
            76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90]
# YouTube-VIS 2019's 40 categories, ids 1..40 in this order
YTVIS_NAMES = [
    'person', 'giant_panda', 'lizard', 'parrot', 'skateboard', 'sedan',
    'ape', 'dog', 'snake', 'monkey', 'hand', 'rabbit', 'duck', 'cat', 'cow',
    'fish', 'train', 'horse', 'turtle', 'bear', 'motorbike', 'giraffe',
    'leopard', 'fox', 'deer', 'owl', 'surfboard', 'airplane', 'truck',
    'zebra', 'tiger', 'elephant', 'snowboard', 'boat', 'shark', 'mouse',
    'frog', 'eagle', 'earless_seal', 'tennis_racket'
]
RLE = {'size': [4, 4], 'counts': '02208'}


def _write_coco(root):
    """instances_train2017.json: one 4x4 image per overlap class, one box of
    that class each, categories as COCO lists them."""
    cats = [dict(id=i, name=n, supercategory='x') for i, n in
            zip(COCO_IDS, CocoDataset.METAINFO['classes'])]
    id_of = {c['name']: c['id'] for c in cats}
    images, anns = [], []
    for k, name in enumerate(YTVIS2019_COCO_OVERLAP.values(), 1):
        images.append(dict(id=k, file_name=f'{k:012d}.jpg', width=64,
                           height=64))
        anns.append(dict(id=k, image_id=k, category_id=id_of[name],
                         bbox=[0, 0, 40, 40], area=1600, iscrowd=0,
                         segmentation=[[0, 0, 40, 0, 40, 40, 0, 40]]))
    os.makedirs(osp.join(root, 'annotations'))
    with open(osp.join(root, 'annotations', 'instances_train2017.json'),
              'w') as f:
        json.dump(dict(images=images, annotations=anns, categories=cats), f)
    return {c['id']: c['name'] for c in cats}


def _write_ytvis(root):
    """train.json: one 1-frame video per YouTube-VIS 2019 category."""
    cats = [dict(id=i, name=n, supercategory='x')
            for i, n in enumerate(YTVIS_NAMES, 1)]
    videos = [dict(id=v, width=4, height=4, length=1,
                   file_names=[f'v{v}/00000.jpg']) for v in range(1, 41)]
    anns = [dict(id=v, video_id=v, category_id=v, iscrowd=0,
                 bboxes=[[0, 0, 2, 2]], segmentations=[RLE], areas=[4])
            for v in range(1, 41)]
    os.makedirs(osp.join(root, 'annotations'))
    src = osp.join(root, 'train.json')
    with open(src, 'w') as f:
        json.dump(dict(videos=videos, categories=cats, annotations=anns), f)
    ann = osp.join(root, 'annotations')
    split_youtubevis(src, osp.join(ann, 'train_split.json'),
                     osp.join(ann, 'heldout_split.json'), 20,
                     list(YTVIS2019_COCO_OVERLAP))
    out = convert_youtubevis(osp.join(ann, 'heldout_split.json'),
                             osp.join(ann, 'ytvis2019_coco20_heldout.json'),
                             categories=list(YTVIS2019_COCO_OVERLAP))
    return {c['id']: c['name'] for c in out['categories']}


def test_label_i_is_one_class_in_training_and_evaluation(tmp_path):
    """COCO's file order is person, car, motorcycle, ...: with the classes
    listed in YouTube-VIS order, 16 of the 20 training labels meant another
    class than in evaluation."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'solo_track.py'))
    coco_root, ytvis_root = str(tmp_path / 'coco'), str(tmp_path / 'ytvis')
    coco_names = _write_coco(coco_root)
    ytvis_names = _write_ytvis(ytvis_root)
    cfg.train_dataloader.dataset.data_root = coco_root + '/'
    cfg.test_dataloader.dataset.data_root = ytvis_root + '/'
    train = DATASETS.build(cfg.train_dataloader.dataset)
    test = DATASETS.build(cfg.test_dataloader.dataset)
    train.full_init()
    test.full_init()
    assert len(train) == 20 and len(test) == 20  # every class, every video
    coco_to_ytvis = {v: k for k, v in YTVIS2019_COCO_OVERLAP.items()}
    trained = [coco_to_ytvis[coco_names[c]] for c in train.cat_ids]
    evaluated = [ytvis_names[c] for c in test.cat_ids]
    assert trained == evaluated
    assert [coco_to_ytvis[n] for n in train.metainfo['classes']] == trained
    assert list(test.metainfo['classes']) == evaluated
    # each image's one box is labelled with its own class by name
    for i in range(len(train)):
        info = train.get_data_info(i)
        label = info['instances'][0]['bbox_label']
        assert train.metainfo['classes'][label] == \
            list(YTVIS2019_COCO_OVERLAP.values())[info['img_id'] - 1]
    assert cfg.model.detector.mask_head.num_classes == 20
