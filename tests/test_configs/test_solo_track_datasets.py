"""configs/solo_track.py's datasets built from small files in the real COCO
and YouTube-VIS 2019 formats: label i is one class on both sides."""
import json
import os.path as osp
import sys

from mmdet.registry import DATASETS, METRICS
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


SYNTHETIC = osp.join(REPO, 'configs', 'solo_track',
                     'solo-track_r18_fpn_1xb2-10k_synthetic.py')


def test_synthetic_config_is_the_users_but_for_data_scale_schedule():
    """The demo inherits configs/solo_track.py; beyond data roots, image
    scale, schedule, model size and the synthetic-tuned weights and
    thresholds, what it runs is the user's."""
    user = Config.fromfile(osp.join(REPO, 'configs', 'solo_track.py'))
    demo = Config.fromfile(SYNTHETIC)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        u, d = user[loader].to_dict(), demo[loader].to_dict()
        ud, dd = u.pop('dataset'), d.pop('dataset')
        assert u == d, loader
        assert [t['type'] for t in ud.pop('pipeline')] == \
            [t['type'] for t in dd.pop('pipeline')]
        assert ud.pop('data_root') != dd.pop('data_root')
        assert ud == dd, loader
    for key in ('val_evaluator', 'test_evaluator', 'custom_hooks',
                'default_scope', 'custom_imports', 'val_cfg', 'test_cfg'):
        assert user[key] == demo[key], key
    assert user.optim_wrapper.optimizer == demo.optim_wrapper.optimizer
    um, dm = user.model, demo.model
    assert um.data_preprocessor == dm.data_preprocessor
    assert um.detector.test_cfg == dm.detector.test_cfg
    for key in ('type', 'num_classes', 'num_grids', 'strides', 'pos_scale',
                'cls_down_index', 'loss_mask', 'loss_cls'):
        assert um.detector.mask_head[key] == dm.detector.mask_head[key], key
    assert um.detector.mask_head.loss_ic.type == \
        dm.detector.mask_head.loss_ic.type
    assert um.tracker.type == dm.tracker.type


def test_synthetic_corpus_through_the_users_datasets(tmp_path):
    """make_synthetic.py's files go through the demo's (= the user's)
    datasets, pipelines and evaluator; every label names, on both sides,
    the class its file gives it."""
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    root = str(tmp_path / 'vis')
    main([root, '--preset', 'vis', '--coco-images', '4', '--vis-videos',
          '3', '--vis-heldout', '2', '--no-progress', '--set',
          'num_frames=3'])
    cfg = Config.fromfile(SYNTHETIC)
    cfg.train_dataloader.dataset.data_root = f'{root}/coco/'
    cfg.test_dataloader.dataset.data_root = f'{root}/youtube_vis_2019/'
    train = DATASETS.build(cfg.train_dataloader.dataset)
    test = DATASETS.build(cfg.test_dataloader.dataset)
    assert len(train) >= 3 and len(test) == 2
    classes = train.metainfo['classes']
    assert list(test.metainfo['classes']) == [
        {v: k for k, v in YTVIS2019_COCO_OVERLAP.items()}[c]
        for c in classes]
    for dataset in (train, test):
        with open(dataset.ann_file) as f:
            name_of = {c['id']: c['name'] for c in json.load(f)['categories']}
        for cat_id, label in dataset.cat2label.items():
            assert dataset.metainfo['classes'][label] == name_of[cat_id]
    # labels as the pipelines pack them: only the four drawn classes
    drawn = {'person', 'car', 'dog', 'skateboard'}
    sample = train[0]
    names = {classes[i] for i in sample['data_samples'].gt_instances.labels}
    assert names and names <= drawn
    assert sample['inputs'].shape[1:] == (96, 160)  # the demo's scale
    video = test[0]
    seen = set()
    for frame in video['data_samples']:
        seen |= {classes[i] for i in frame.gt_instances.labels}
    assert seen and seen <= drawn
    metric = METRICS.build(cfg.test_evaluator)
    assert metric.metric_items == ['mAP', 'mAP_50', 'mAP_75', 'AR@1',
                                   'AR@10']
    # the unlabeled rest of train.json: one video, not held out
    rest = json.load(open(osp.join(root, 'youtube_vis_2019', 'annotations',
                                   'train_split.json')))
    assert len(rest['videos']) == 1


def test_table1_variants_run_the_demos_data_and_differ_only_in_losses():
    """Table 1's IC-only, true-SOLO and detached-embedding rows read the
    same files through the same datasets, pipelines and evaluator as the
    IC + ME demo (whose are the user's, tested above); IC only differs in
    the ME weight, SOLO in both embedding weights and the tracker, the
    detached row only in where the embedding's gradient stops."""
    demo = Config.fromfile(SYNTHETIC)
    ic = Config.fromfile(osp.join(REPO, 'configs', 'solo_track',
                                  'solo-track_r18_fpn_ic-only_1xb2-10k_'
                                  'synthetic.py'))
    solo = Config.fromfile(osp.join(REPO, 'configs', 'solo',
                                    'solo_r18_fpn_spatial-category_1xb2-'
                                    '10k_synthetic.py'))
    detached = Config.fromfile(osp.join(REPO, 'configs', 'solo_track',
                                        'solo-track_r18_fpn_detached-'
                                        'embedding_1xb2-10k_synthetic.py'))
    for variant in (ic, solo, detached):
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader',
                    'val_evaluator', 'test_evaluator', 'train_cfg',
                    'optim_wrapper', 'randomness'):
            assert variant[key] == demo[key], key
    head = demo.model.detector.mask_head
    assert head.loss_me.loss_weight > 0 and head.loss_ic.loss_weight > 0
    ic_head = ic.model.detector.mask_head
    assert ic_head.loss_me.loss_weight == 0
    assert ic_head.loss_ic == head.loss_ic and ic.model.tracker == \
        demo.model.tracker
    solo_head = solo.model.detector.mask_head
    assert solo_head.loss_ic.loss_weight == 0 == solo_head.loss_me.loss_weight
    assert solo.model.tracker.type == 'SpatialCategoryTracker'
    assert solo.model.tracker.get('embedding_thr') is None
    detached_head = detached.model.detector.mask_head
    assert detached_head.pop('detach_embed_features') is True
    assert detached.model == demo.model
