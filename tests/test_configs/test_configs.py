"""Every shipped config parses, loads the plugin and builds its model."""
import glob
import os.path as osp

import pytest
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.utils import import_modules_from_strings

from conftest import REPO

CONFIGS = sorted(
    p for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'),
                         recursive=True) if '_base_' not in p)


@pytest.mark.parametrize('path', CONFIGS,
                         ids=[osp.basename(p) for p in CONFIGS])
def test_config_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.get('default_scope', 'mmdet') == 'mmdet'
    assert 'mmtrack_unsup' in cfg.custom_imports.imports
    # as the Runner does: the pose configs name their modules here
    import_modules_from_strings(**cfg.custom_imports)
    model = MODELS.build(cfg.model)
    assert model is not None


def test_kitti_baseline_end_to_end(kitti_root, tmp_path):
    import sys
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from benchmark_trackers import main as benchmark

    from mmtrack_unsup.datasets.converters import convert_kitti
    convert_kitti(kitti_root, osp.join(kitti_root, 'annotations'),
                  det_dir=osp.join(kitti_root, 'dets'), classes=['Car'],
                  progress=False)
    rows = benchmark([
        osp.join(REPO, 'configs', 'sort', 'sort_public-det_kitti-car.py'),
        '--data-root', kitti_root + '/', '--work-dir', str(tmp_path),
        '--cfg-options', 'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        'model.tracker.num_tentatives=1'
    ])
    # one car, detected in all 3 frames and kept as one track
    assert rows[0]['frames'] == 3
    assert rows[0]['IDSW'] == 0 and rows[0]['HOTA'] > 0.5


def test_true_solo_baseline_trains_no_embedding():
    """Table 1's SOLO row: the embedding branch gets no gradient, SOLO's
    mask and category branches do."""
    import torch
    from mmdet.structures import DetDataSample
    from mmdet.structures.mask import BitmapMasks
    from mmengine.structures import InstanceData
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'solo', 'solo_r18_fpn_spatial-category_1xb2-10k_'
        'synthetic.py'))
    model = MODELS.build(cfg.model)
    mask = torch.zeros(1, 96, 160, dtype=torch.uint8)
    mask[0, 20:70, 30:90] = 1
    sample = DetDataSample(metainfo=dict(
        img_shape=(96, 160), pad_shape=(96, 160), batch_input_shape=(96,
                                                                     160)))
    sample.gt_instances = InstanceData(
        bboxes=torch.tensor([[30.0, 20, 90, 70]]),
        labels=torch.tensor([0]), masks=BitmapMasks(mask.numpy(), 96, 160))
    losses = model.detector.loss(torch.rand(1, 3, 96, 160), [sample])
    assert losses['loss_ic'] == 0 and losses['loss_me'] == 0
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    head = model.detector.mask_head
    embed = [p.grad for p in list(head.embed_convs.parameters()) +
             list(head.conv_embed.parameters())]
    assert all(g is None or not g.any() for g in embed)
    assert head.conv_cls.weight.grad.abs().sum() > 0
    assert any(p.grad is not None and p.grad.abs().sum() > 0
               for p in head.mask_convs.parameters())


def test_tentative_config_changes_only_the_tracker_rules():
    """The tuned-rules row of the cross-input table is the same weights on
    the same data: only the tracker's birth and tentative rules differ."""
    folder = osp.join(REPO, 'configs', 'cross_input')
    parent = Config.fromfile(
        osp.join(folder, 'cross-input_visual-spatial_1xb8-2k_synthetic.py'))
    child = Config.fromfile(osp.join(
        folder, 'cross-input_visual-spatial-tentative_1xb8-2k_synthetic.py'))
    tracker = child.model.pop('tracker')
    assert (tracker.num_tentatives, tracker.init_track_thr) == (3, 0.7)
    for key in ('num_tentatives', 'init_track_thr'):
        tracker.pop(key)
    parent_tracker = parent.model.pop('tracker')
    parent_tracker.pop('init_track_thr')
    assert tracker == parent_tracker
    assert child.model == parent.model
    for key in ('train_dataloader', 'val_dataloader', 'test_evaluator',
                'train_cfg', 'optim_wrapper', 'randomness'):
        assert child[key] == parent[key], key


def test_kitti_cross_input_config_trains_on_cars_only(kitti_root):
    """The paper trains its KITTI tracker on cars (Table 3); the converter's
    default keeps Car and Pedestrian, so the config's training dataset keeps
    only the detections named 'Car' (issue 36, item 3)."""
    import numpy as np

    from mmdet.registry import DATASETS
    from mmtrack_unsup.datasets.converters import convert_kitti
    from mmtrack_unsup.utils import DataFormatError
    convert_kitti(kitti_root, osp.join(kitti_root, 'annotations'),
                  det_dir=osp.join(kitti_root, 'dets'), progress=False)
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'cross_input',
        'cross-input_visual-spatial_1xb8-40k_kitti-car.py'))
    train = cfg.train_dataloader.dataset
    assert train.det_classes == ('Car', )
    # the fixture has the training split only: read its detections
    train.update(data_root=kitti_root,
                 ann_file='annotations/training_detections.json',
                 data_prefix=dict(img_path='training/image_02'),
                 clip_len=(1, 2))
    dataset = DATASETS.build(train)
    boxes = np.concatenate(dataset.videos[0]['bboxes'])
    assert len(boxes) == 3  # the three car detections; the pedestrian goes
    assert np.allclose(boxes[:, 0], [10.5, 12.2, 14.0])
    train.det_classes = ('car', )
    with pytest.raises(DataFormatError, match=r"det_classes \['car'\] are "
                       "not among its categories"):
        DATASETS.build(train)


def test_fused_config_is_bytetrack_plus_the_cue():
    """The fused row: the visual-spatial weights and data, and ByteTrack's
    own tracker settings (configs/bytetrack/) with only the cue added."""
    folder = osp.join(REPO, 'configs')
    parent = Config.fromfile(osp.join(
        folder, 'cross_input',
        'cross-input_visual-spatial_1xb8-2k_synthetic.py'))
    child = Config.fromfile(osp.join(
        folder, 'cross_input',
        'cross-input_fused-bytetrack_1xb8-2k_synthetic.py'))
    byte = Config.fromfile(osp.join(
        folder, 'bytetrack', 'bytetrack_public-det_synthetic-test.py'))
    tracker = child.model.pop('tracker').to_dict()
    assert tracker.pop('type') == 'FusedByteTracker'
    for key in ('cue', 'cue_weight', 'num_visual_samples', 'seed'):
        tracker.pop(key)
    byte_tracker = byte.model.tracker.to_dict()
    assert byte_tracker.pop('type') == 'ByteTracker'
    assert tracker == byte_tracker
    parent.model.pop('tracker')
    assert child.model == parent.model
    for key in ('train_dataloader', 'val_dataloader', 'test_evaluator',
                'train_cfg', 'optim_wrapper', 'randomness'):
        assert child[key] == parent[key], key


def test_fused_ocsort_config_is_ocsort_plus_the_crop_embedding():
    """The OC-SORT crop-embedding config: the ByteTrack crop-embedding
    model and training, and OC-SORT's own settings (configs/ocsort/)."""
    folder = osp.join(REPO, 'configs')
    parent = Config.fromfile(osp.join(
        folder, 'crop_embedding',
        'crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py'))
    child = Config.fromfile(osp.join(
        folder, 'crop_embedding',
        'crop-embedding_fused-ocsort_1xb8-2k_synthetic.py'))
    oc = Config.fromfile(osp.join(
        folder, 'ocsort', 'ocsort_public-det_synthetic-test.py'))
    tracker = child.model.pop('tracker').to_dict()
    assert tracker.pop('type') == 'FusedOCSORTTracker'
    for key in ('cue', 'cue_weight', 'embed_similarity', 'embed_temperature',
                'embed_momentum', 'reid_cosine_thr'):
        assert tracker.pop(key) == parent.model.tracker[key], key
    oc_tracker = oc.model.tracker.to_dict()
    assert oc_tracker.pop('type') == 'OCSORTTracker'
    assert tracker == oc_tracker
    parent.model.pop('tracker')
    assert child.model == parent.model
    for key in ('train_dataloader', 'val_dataloader', 'test_evaluator',
                'train_cfg', 'optim_wrapper', 'randomness'):
        assert child[key] == parent[key], key


def test_veto_configs_change_only_the_veto():
    """The two veto configs are the shipped crop-embedding configs with
    the appearance veto on, nothing else (the shipped ones keep it off)."""
    folder = osp.join(REPO, 'configs', 'crop_embedding')
    for tracker in ('bytetrack', 'ocsort'):
        base = Config.fromfile(osp.join(
            folder, f'crop-embedding_fused-{tracker}_1xb8-2k_synthetic.py'))
        veto = Config.fromfile(osp.join(
            folder,
            f'crop-embedding_fused-{tracker}-veto_1xb8-2k_synthetic.py'))
        assert base.model.tracker.get('veto_margin') is None
        assert veto.model.tracker.pop('veto_margin') == 0.5
        assert veto.model == base.model
        for key in ('train_dataloader', 'test_dataloader', 'test_evaluator'):
            assert veto[key] == base[key], key


def test_mot17_configs_read_the_same_normalised_scores():
    """Every MOT17 config ranks DPM's SVM margins the same way (issue 36,
    item 2), the cross-input config also for training: identical inputs
    for every tracker of a MOT17 table."""
    paths = sorted(glob.glob(osp.join(REPO, 'configs', '*',
                                      '*_mot17*.py')))
    assert len(paths) == 4
    for path in paths:
        cfg = Config.fromfile(path)
        for loader in ('val_dataloader', 'test_dataloader'):
            assert cfg[loader].dataset.score_normalisation == 'auto', path
        if 'train_dataloader' in cfg:
            assert cfg.train_dataloader.dataset.score_normalisation == \
                'auto', path
