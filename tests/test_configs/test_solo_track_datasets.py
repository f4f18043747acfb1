"""configs/solo_track.py's datasets built from small files in the real COCO
and YouTube-VIS 2019 formats: label i is one class on both sides."""
import os.path as osp

from mmdet.registry import DATASETS
from mmengine.config import Config

from conftest import REPO, write_coco_overlap, write_ytvis2019
from mmtrack_unsup.datasets.converters import YTVIS2019_COCO_OVERLAP


def test_label_i_is_one_class_in_training_and_evaluation(tmp_path):
    """COCO's file order is person, car, motorcycle, ...: with the classes
    listed in YouTube-VIS order, 16 of the 20 training labels meant another
    class than in evaluation."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'solo_track.py'))
    coco_root, ytvis_root = str(tmp_path / 'coco'), str(tmp_path / 'ytvis')
    coco_names = write_coco_overlap(coco_root)
    ytvis_names = write_ytvis2019(ytvis_root)
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
