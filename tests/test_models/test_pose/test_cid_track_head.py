"""CIDTrackHead: the centre-region cells by hand, and the embedding trained
and predicted through mmpose's own bottom-up estimator and pipelines on
the synthetic COCO-keypoints images."""

import numpy as np
import pytest
import torch
from mmengine.dataset import pseudo_collate
from mmengine.registry import DefaultScope
from mmpose.registry import DATASETS, MODELS

import mmtrack_unsup.models.pose  # noqa: F401 (registers CIDTrackHead)
from mmtrack_unsup.datasets.synthetic import (get_preset,
                                              write_coco_keypoints)
from mmtrack_unsup.models.pose import centre_region_cells, keypoint_extents


def test_centre_region_cells_by_hand():
    """A at (2, 2), 10 x 10: half-widths 0.2 / 2 * 10 = 1 -> x, y in 1..3.
    B at (3, 3), 10 x 5: x in 2..4, y within 0.5 -> row 3 only. Shared
    cells go to the nearer root; (2, 3) is 1 from each: the first (A)."""
    owner = centre_region_cells(torch.tensor([[2, 2], [3, 3]]),
                                torch.tensor([[10.0, 10.0], [10.0, 5.0]]),
                                (5, 6), 0.2)
    expect = torch.tensor([[-1, -1, -1, -1, -1, -1],
                           [-1, 0, 0, 0, -1, -1],
                           [-1, 0, 0, 0, -1, -1],
                           [-1, 0, 0, 1, 1, -1],
                           [-1, -1, -1, -1, -1, -1]])
    assert torch.equal(owner, expect)
    # a tiny instance still owns its root cell
    owner = centre_region_cells(torch.tensor([[5, 0]]),
                                torch.tensor([[1.0, 1.0]]), (2, 6), 0.2)
    assert owner.tolist() == [[-1, -1, -1, -1, -1, 0], [-1] * 6]


def test_keypoint_extents_by_hand():
    kpts = torch.tensor([[[0.0, 0.0], [4.0, 2.0], [9.0, 9.0]],
                         [[3.0, 3.0], [5.0, 5.0], [7.0, 1.0]]])
    vis = torch.tensor([[1, 1, 0], [0, 0, 0]])
    assert keypoint_extents(kpts, vis).tolist() == [[5.0, 3.0], [1.0, 1.0]]


CODEC = dict(type='DecoupledHeatmap', input_size=(128, 128),
             heatmap_size=(32, 32))
MODEL = dict(
    type='BottomupPoseEstimator',
    data_preprocessor=dict(type='PoseDataPreprocessor',
                           mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], bgr_to_rgb=True),
    backbone=dict(type='ResNet', depth=18, out_indices=(0, )),
    head=dict(type='CIDTrackHead', in_channels=64, num_keypoints=17,
              gfd_channels=16, embed_channels=8, embed_feat_channels=16,
              coupled_heatmap_loss=dict(type='FocalHeatmapLoss'),
              decoupled_heatmap_loss=dict(type='FocalHeatmapLoss',
                                          loss_weight=4.0),
              contrastive_loss=dict(type='InfoNCELoss', temperature=0.05),
              decoder=CODEC),
    test_cfg=dict(flip_test=False, shift_heatmap=False, align_corners=False,
                  score_threshold=0.0, max_instances=5))


@pytest.fixture(scope='module')
def pose_images(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('pose_coco'))
    write_coco_keypoints(root, 'train2017', 3, 0, get_preset('pose'),
                         progress=False)
    return root


def _dataset(root, pipeline):
    return DATASETS.build(dict(
        type='CocoDataset', data_root=root, data_mode='bottomup',
        ann_file='annotations/person_keypoints_train2017.json',
        data_prefix=dict(img='train2017/'), pipeline=pipeline))


def _model_and_batch(root):
    """The test model and a training batch of two augmented images (call
    in mmpose's scope)."""
    torch.manual_seed(0)
    model = MODELS.build(MODEL)
    ds = _dataset(root, [
        dict(type='LoadImage'),
        dict(type='BottomupRandomAffine', input_size=(128, 128)),
        dict(type='GenerateTarget', encoder=CODEC),
        dict(type='BottomupGetHeatmapMask'),
        dict(type='PackPoseInputs')])
    return model, model.data_preprocessor(pseudo_collate([ds[0], ds[1]]),
                                          training=True)


def test_embedding_cells_are_the_centre_regions_and_get_gradient(
        pose_images):
    with DefaultScope.overwrite_default_scope('mmpose'):
        model, batch = _model_and_batch(pose_images)
        seen = {}
        real = model.head.loss_ic.forward

        def spy(embs, ids, imgs, **kw):
            seen['ids'], seen['imgs'] = ids.clone(), imgs.clone()
            return real(embs, ids, imgs, **kw)

        model.head.loss_ic.forward = spy
        losses = model(**batch, mode='loss')
    assert {'loss/ic', 'loss/me', 'loss/heatmap_coupled'} <= set(losses)
    # the cells are exactly the centre regions of the encoded people
    offset = 0
    for i, sample in enumerate(batch['data_samples']):
        n = len(sample.gt_instance_labels.instance_coords)
        owner = centre_region_cells(
            sample.gt_instance_labels.instance_coords,
            model.head._train_extents(sample), (32, 32), 0.2)
        counts = torch.bincount(owner[owner >= 0], minlength=n)
        got = torch.bincount(seen['ids'][seen['imgs'] == i] - offset,
                             minlength=n)
        assert torch.equal(got, counts) and (counts > 0).all()
        offset += n
    (losses['loss/ic'] + losses['loss/me']).backward()
    grads = [p.grad for p in model.head.embed_branch.parameters()]
    assert all(g is not None and g.abs().sum() > 0 for g in grads)


def test_image_whose_people_were_all_cropped_away(pose_images):
    """An augmentation can leave an image without people (it stopped the
    first synthetic training at iteration ~200): its loss is the other
    images' and it contributes no cells."""
    with DefaultScope.overwrite_default_scope('mmpose'):
        model, batch = _model_and_batch(pose_images)
        empty = batch['data_samples'][1]
        k = model.head.num_keypoints
        empty.gt_instance_labels = empty.gt_instance_labels[:0]
        empty.gt_fields.instance_heatmaps = \
            empty.gt_fields.instance_heatmaps[:0]
        assert model.head._train_extents(empty).shape == (0, 2)
        seen = {}
        real = model.head.loss_ic.forward

        def spy(embs, ids, imgs, **kw):
            seen['imgs'] = imgs.clone()
            return real(embs, ids, imgs, **kw)

        model.head.loss_ic.forward = spy
        losses = model(**batch, mode='loss')
    assert k == 17 and torch.isfinite(losses['loss/ic'])
    assert set(seen['imgs'].tolist()) == {0}


class CoordEmbed(torch.nn.Module):
    """An embedding map whose channels 0 and 1 are each cell's x and y."""

    def forward(self, feats):
        b, _, h, w = feats.shape
        ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float),
                                torch.arange(w, dtype=torch.float),
                                indexing='ij')
        out = torch.zeros(b, 8, h, w)
        out[:, 0], out[:, 1] = xs, ys
        return out


def test_prediction_carries_each_persons_prototype(pose_images):
    """With the region shrunk to the root cell and an embedding map that
    holds each cell's coordinates, every person's prototype must be its own
    root: each person pools at its own place, in decoding order."""
    with DefaultScope.overwrite_default_scope('mmpose'):
        torch.manual_seed(0)
        model = MODELS.build(MODEL).eval()
        model.head.embed_branch = CoordEmbed()
        model.head.pos_scale = 1e-6
        ds = _dataset(pose_images, [
            dict(type='LoadImage'),
            dict(type='BottomupResize', input_size=(128, 128),
                 size_factor=32, resize_mode='expand'),
            dict(type='PackPoseInputs', meta_keys=(
                'id', 'img_id', 'img_path', 'ori_shape', 'img_shape',
                'input_size', 'input_center', 'input_scale', 'flip',
                'flip_direction', 'flip_indices'))])
        data = model.data_preprocessor(pseudo_collate([ds[0]]))
        with torch.no_grad():
            feats = model.extract_feat(data['inputs'])
            _, roots, _ = model.head.iia_module.forward_test(
                feats[-1], dict(MODEL['test_cfg']))
            out = model.predict(data['inputs'], data['data_samples'])[0]
    pred = out.pred_instances
    assert len(pred.keypoints) == 5  # max_instances, threshold 0
    assert pred.embeddings.shape == (5, 8)
    assert np.array_equal(pred.embeddings[:, :2], roots.float().numpy())
    assert len({tuple(r) for r in roots.tolist()}) == 5  # five places


def test_embed_branch_layers():
    """``embed_in_kernel=1``: a 1x1 reduction to the branch width, then the
    3x3 convolutions, then the 1x1 output; anything but 1 or 3 refused.
    Hidden convolutions are followed by GN (as SOLO-Track's branch) unless
    ``embed_norm_cfg=None``."""
    head = dict(MODEL['head'], in_channels=480)

    def layers(**kw):
        with DefaultScope.overwrite_default_scope('mmpose'):
            branch = MODELS.build(dict(head, **kw)).embed_branch
        return [(m.in_channels, m.out_channels, m.kernel_size[0])
                if isinstance(m, torch.nn.Conv2d) else type(m).__name__
                for m in branch.modules()
                if isinstance(m, (torch.nn.Conv2d, torch.nn.GroupNorm))]

    assert layers(embed_in_kernel=1) == [
        (480, 16, 1), 'GroupNorm', (16, 16, 3), 'GroupNorm', (16, 16, 3),
        'GroupNorm', (16, 8, 1)]
    assert layers(embed_norm_cfg=None) == [(480, 16, 3), (16, 16, 3),
                                           (16, 8, 1)]
    with pytest.raises(ValueError, match='embed_in_kernel'):
        layers(embed_in_kernel=5)
