"""The cycle-consistency configs (Sec. 3.4) build their labeled images and
unlabeled clips from files in the real COCO / YouTube-VIS 2019 formats; the
clips' json holds no annotation, and batches mix the two as configured."""
import json
import os.path as osp
import sys

import pytest
import torch
from mmdet.registry import DATA_SAMPLERS, DATASETS, MODELS
from mmengine.config import Config
from mmengine.dataset import pseudo_collate

from conftest import REPO, make_solo_confident

USER = osp.join(REPO, 'configs', 'solo_track',
                'solo-track-cycle_r50_fpn_coco20-ytvis2019-unlabeled.py')
SYNTHETIC = osp.join(REPO, 'configs', 'solo_track',
                     'solo-track-cycle_r18_fpn_1xb2-2k_synthetic.py')


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    root = str(tmp_path_factory.mktemp('vis_cycle'))
    main([root, '--preset', 'vis', '--coco-images', '4', '--vis-videos',
          '4', '--vis-heldout', '1', '--no-progress', '--set',
          'num_frames=4'])
    return root


def _point(cfg, root):
    labeled, unlabeled = cfg.train_dataloader.dataset.datasets
    labeled.data_root = f'{root}/coco/'
    unlabeled.data_root = f'{root}/youtube_vis_2019/'
    return cfg


def test_unlabeled_json_has_no_label(corpus):
    path = osp.join(corpus, 'youtube_vis_2019', 'annotations',
                    'ytvis2019_unlabeled_train.json')
    with open(path) as f:
        text = f.read()
    data = json.loads(text)
    assert data['annotations'] == [] and len(data['videos']) == 3
    assert 'instance_id' not in text and 'segmentation' not in text
    # the 40 YouTube-VIS categories in file order (the dataset's own list)
    assert len(data['categories']) == 40


@pytest.mark.parametrize('config', [USER, SYNTHETIC])
def test_images_and_clips_from_real_format_files(config, corpus):
    cfg = _point(Config.fromfile(config), corpus)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    images, videos = dataset.datasets
    assert len(images) == 4 and len(videos) == 3
    # the labeled part is the IC + ME config's own dataset
    base = Config.fromfile(osp.join(REPO, 'configs', 'solo_track.py')
                           if config == USER else osp.join(
                               REPO, 'configs', 'solo_track',
                               'solo-track_r18_fpn_1xb2-10k_synthetic.py'))
    want = base.train_dataloader.dataset.to_dict()
    got = cfg.train_dataloader.dataset.datasets[0].to_dict()
    want.pop('data_root'), got.pop('data_root')
    assert got == want
    clip = videos[0]
    assert clip['inputs'].dim() == 4 and len(clip['inputs']) == 2
    frames = clip['data_samples'].video_data_samples
    ids = [f.frame_id for f in frames]
    assert ids == sorted(ids) and ids[1] - ids[0] in (1, 2)
    assert all(len(f.gt_instances) == 0 for f in frames)
    # 2 images and 1 clip per batch
    sampler = DATA_SAMPLERS.build(
        dict(cfg.train_dataloader.sampler, dataset=dataset, seed=0))
    it = iter(sampler)
    batch = [next(it) for _ in range(3)]
    assert sum(i < len(images) for i in batch) == 2
    # the data preprocessor appends the clip's frames to the images
    model = MODELS.build(cfg.model)
    data = model.data_preprocessor(
        pseudo_collate([dataset[i] for i in batch]), training=True)
    assert data['inputs'].shape[0] == 4
    marks = [s.metainfo.get('clip_index') for s in data['data_samples']]
    assert marks == [None, None, 0, 0]


def test_synthetic_cycle_config_is_the_users_but_for_data_scale_schedule():
    user, demo = Config.fromfile(USER), Config.fromfile(SYNTHETIC)
    uh, dh = user.model.detector.mask_head, demo.model.detector.mask_head
    for key in ('video_branch', 'valid_score_thr', 'loss_cycle'):
        assert uh[key] == dh[key], key
    assert user.model.data_preprocessor == demo.model.data_preprocessor
    for key in ('batch_size', 'sampler'):
        assert user.train_dataloader[key] == demo.train_dataloader[key]
    uu = user.train_dataloader.dataset.datasets[1].to_dict()
    du = demo.train_dataloader.dataset.datasets[1].to_dict()
    assert [t['type'] for t in uu.pop('pipeline')] == \
        [t['type'] for t in du.pop('pipeline')]
    uu.pop('data_root'), du.pop('data_root')
    assert uu == du
    assert user.custom_hooks == demo.custom_hooks
    assert user.num_clip_frames == demo.num_clip_frames == 2
    assert user.param_scheduler is None and demo.param_scheduler is None


def _mixed_batch(config, corpus):
    """The config's seeded model in training mode (SOLO made confident, so
    the clip has valid cells) and a preprocessed batch of 2 images + 1
    clip."""
    cfg = _point(Config.fromfile(config), corpus)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    head = make_solo_confident(model.detector.mask_head)
    data = model.data_preprocessor(
        pseudo_collate([dataset[0], dataset[1], dataset[4]]), training=True)
    model.train()
    return model, head, data


def test_cycle_loss_on_a_mixed_batch(corpus):
    """One training step of the synthetic config's model on 2 images + 1
    clip: SOLO's, IC and ME losses from the images, the cycle loss from the
    clip, reaching the video branch."""
    model, head, data = _mixed_batch(SYNTHETIC, corpus)
    losses = model(**data, mode='loss')
    assert {'loss_mask', 'loss_cls', 'loss_ic', 'loss_me',
            'loss_cycle'} <= set(losses)
    assert losses['loss_cycle'] > 0
    assert losses['cycle_clips'] == 1  # logged for CycleClipsHook
    losses['loss_cycle'].backward()
    assert head.conv_video_embed.weight.grad.abs().sum() > 0
    assert head.conv_embed.weight.grad is None


@pytest.mark.parametrize('frames', [3, 4])
def test_table2_clip_length_override(frames, corpus):
    """Table 2's 3- and 4-frame clips, set as `make solo-track-cycle-frames`
    does (the clip sampler's reference frames on the command line): the clip
    holds that many time-ordered frames and the cycle loss is computed on
    them."""
    cfg = _point(Config.fromfile(SYNTHETIC), corpus)
    key = 'train_dataloader.dataset.datasets.1.pipeline.0'
    cfg.merge_from_dict({f'{key}.num_ref_imgs': frames - 1,
                         f'{key}.frame_range': frames - 1})
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    clip = dataset[4]
    ids = [f.frame_id for f in clip['data_samples'].video_data_samples]
    assert len(ids) == frames and ids == sorted(ids)
    assert len(set(ids)) == frames
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    make_solo_confident(model.detector.mask_head)
    data = model.data_preprocessor(
        pseudo_collate([dataset[0], dataset[1], clip]), training=True)
    marks = [s.metainfo.get('clip_index') for s in data['data_samples']]
    assert marks == [None, None] + [0] * frames
    model.train()
    assert model(**data, mode='loss')['loss_cycle'] > 0


DETACHED = osp.join(REPO, 'configs', 'solo_track',
                    'solo-track-cycle_r18_fpn_detached-embedding_1xb2-2k_'
                    'synthetic.py')
DETACHED_CONTROL = osp.join(REPO, 'configs', 'solo_track',
                            'solo-track_r18_fpn_detached-embedding_images-'
                            'finetune-2k_synthetic.py')


@pytest.mark.parametrize('config,parent', [
    (DETACHED, SYNTHETIC),
    (DETACHED_CONTROL, osp.join(REPO, 'configs', 'solo_track',
                                'solo-track_r18_fpn_images-finetune-2k_'
                                'synthetic.py'))
])
def test_detached_cycle_rows_differ_only_in_the_flag_and_start(config,
                                                               parent):
    """The cycle row on top of the detached model and its control are the
    joint model's cycle row and control but for the detached embedding and
    the checkpoint they start from (the detached model's)."""
    got, want = Config.fromfile(config), Config.fromfile(parent)
    assert got.model.detector.mask_head.pop('detach_embed_features') is True
    assert 'seeds_st_detached' in got.load_from
    got.pop('load_from'), want.pop('load_from')
    assert got.to_dict() == want.to_dict()


def test_detached_cycle_row_trains_the_features_by_cycle_not_embedding(
        corpus):
    """On a mixed batch of the detached cycle config: the cycle loss (video
    branch) reaches the backbone and FPN, as in Sec. 3.4; IC + ME reach the
    image embedding branch only."""
    model, head, data = _mixed_batch(DETACHED, corpus)
    neck = model.detector.neck

    def grads(loss):
        model.zero_grad(set_to_none=True)
        loss.backward(retain_graph=True)
        return (sum(p.grad.abs().sum() for p in neck.parameters()
                    if p.grad is not None),
                head.conv_embed.weight.grad,
                head.conv_video_embed.weight.grad)

    losses = model(**data, mode='loss')
    neck_grad, embed_grad, video_grad = grads(losses['loss_cycle'])
    assert neck_grad > 0 and video_grad.abs().sum() > 0
    assert embed_grad is None
    neck_grad, embed_grad, video_grad = grads(losses['loss_ic'] +
                                              losses['loss_me'])
    assert neck_grad == 0 and embed_grad.abs().sum() > 0
    assert video_grad is None


def test_no_valid_cell_leaves_the_cycle_loss_at_zero_and_is_logged(corpus):
    """An untrained detector keeps no instance: loss_cycle is 0 and
    cycle_clips says no clip contributed (what CycleClipsHook reads)."""
    model, head, data = _mixed_batch(SYNTHETIC, corpus)
    head.valid_score_thr = 1.01  # no cell can pass
    losses = model(**data, mode='loss')
    assert losses['cycle_clips'] == 0 and losses['loss_cycle'] == 0
