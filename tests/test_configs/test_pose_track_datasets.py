"""The pose-tracking entry config and its synthetic child, built from small
files in COCO's and PoseTrack18's own formats: datasets, pipelines and
evaluator are the user's."""
import os.path as osp
import sys

from mmdet.registry import DATASETS, METRICS
from mmengine.config import Config

from conftest import REPO

USER = osp.join(REPO, 'configs', 'pose_track',
                'cid-track_hrnet-w32_8xb20-140e_coco-posetrack18.py')
SYNTHETIC = osp.join(REPO, 'configs', 'pose_track',
                     'cid-track_r18_1xb8-2k_synthetic-pose.py')


def test_synthetic_config_is_the_users_but_for_data_scale_schedule():
    user, demo = Config.fromfile(USER), Config.fromfile(SYNTHETIC)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        u, d = user[loader].dataset, demo[loader].dataset
        for key in ('type', 'ann_file', 'data_prefix', 'data_mode'):
            assert u.get(key) == d.get(key), (loader, key)
        assert [t['type'] for t in u.pipeline] == \
            [t['type'] for t in d.pipeline]
    assert user.val_evaluator.type == demo.val_evaluator.type
    for key in ('type', 'data_preprocessor', 'train_cfg', 'neck'):
        assert user.model[key] == demo.model[key], key
    uh, dh = user.model.head, demo.model.head
    for key in ('type', 'num_keypoints', 'contrastive_loss', 'pos_scale'):
        assert uh.get(key) == dh.get(key), key
    # the same tracker with the embedding cue; its thresholds (and the
    # evaluator's keypoint threshold, which must be the tracker's) were
    # chosen on the synthetic tuning videos for the small model's scores
    ut, dt = user.model.tracker, demo.model.tracker
    for key in ('type', 'sigmas'):
        assert ut[key] == dt[key], key
    assert ut.embedding_thr is not None and dt.embedding_thr is not None
    for cfg in (user, demo):
        assert cfg.val_evaluator.kpt_score_thr == \
            cfg.model.tracker.kpt_score_thr


def test_user_config_reads_coco_and_posetrack18_files(tmp_path):
    """The user's datasets, at the user's 512 x 512 input, on files in the
    real formats: COCO's joints for training, PoseTrack18's for testing."""
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    root = str(tmp_path / 'pose')
    main([root, '--preset', 'pose', '--pose-images', '2', '--pose-videos',
          '1', '--no-progress', '--set', 'num_frames=3'])
    cfg = Config.fromfile(USER)
    cfg.train_dataloader.dataset.data_root = f'{root}/coco/'
    cfg.test_dataloader.dataset.data_root = f'{root}/posetrack18/'
    cfg.test_evaluator.ann_file = \
        f'{root}/posetrack18/annotations/posetrack18_val.json'
    train = DATASETS.build(cfg.train_dataloader.dataset)
    test = DATASETS.build(cfg.test_dataloader.dataset)
    assert train.metainfo['keypoint_id2name'][1] == 'left_eye'
    assert test.metainfo['keypoint_id2name'][1] == 'head_bottom'
    sample = train[0]
    assert tuple(sample['inputs'].shape[1:]) == (512, 512)
    assert tuple(sample['data_samples'].gt_fields.heatmaps.shape[1:]) == \
        (128, 128)
    assert len(test) == 3
    frame = test[1]
    assert frame['data_samples'].metainfo['img_id'] == 10000010001
    metric = METRICS.build(cfg.test_evaluator)
    assert metric.ann_file.endswith('posetrack18_val.json')
