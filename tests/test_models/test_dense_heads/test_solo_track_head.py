from unittest import mock

import numpy as np
import torch
from mmdet.models.dense_heads import SOLOHead
from mmdet.structures.mask import BitmapMasks
from mmengine.config import ConfigDict
from mmengine.structures import InstanceData

from mmtrack_unsup.models.dense_heads import SOLOTrackHead

GRIDS = [12, 10, 8, 6, 4]


def _head(**kwargs):
    torch.manual_seed(0)
    return SOLOTrackHead(
        num_classes=3, in_channels=16, feat_channels=16, stacked_convs=2,
        embed_channels=8, num_grids=GRIDS, strides=[8, 8, 16, 32, 32],
        scale_ranges=((1, 24), (12, 48), (24, 96), (48, 192), (96, 2048)),
        norm_cfg=dict(type='GN', num_groups=4, requires_grad=True),
        test_cfg=ConfigDict(nms_pre=100, score_thr=0.1, mask_thr=0.5,
                      filter_thr=0.05, kernel='gaussian', sigma=2.0,
                      max_per_img=10), **kwargs)


def _feats(batch=2, size=64):
    # FPN outputs for strides 4..64 of a size x size input
    return tuple(torch.randn(batch, 16, size // s, size // s)
                 for s in (4, 8, 16, 32, 64))


def _gt(boxes, labels, size=64):
    masks = np.zeros((len(boxes), size, size), np.uint8)
    for m, (x1, y1, x2, y2) in zip(masks, boxes):
        m[y1:y2, x1:x2] = 1
    return InstanceData(bboxes=torch.tensor(boxes, dtype=torch.float32),
                        labels=torch.tensor(labels),
                        masks=BitmapMasks(masks, size, size))


def _predict(head, feats, solo_result, meta):
    """The head's prediction when SOLO's own result is ``solo_result``;
    returns it and the embedding maps."""
    with torch.no_grad():
        mask_preds, cls_preds, embeds = head(feats)
        with mock.patch.object(SOLOHead, 'predict_by_feat',
                               return_value=[solo_result.clone()]):
            (res, ) = head.predict_by_feat(mask_preds, cls_preds, embeds,
                                           [meta])
    return res, embeds


def test_output_shapes_on_every_level():
    mask_preds, cls_preds, embeds = _head()(_feats())
    assert len(embeds) == len(cls_preds) == 5
    for g, e, c in zip(GRIDS, embeds, cls_preds):
        assert e.shape == (2, 8, g, g)
        assert c.shape[-2:] == (g, g)


def test_instance_maps_follow_solo_targets():
    head = _head()
    mask_preds, _, _ = head(_feats(1))
    sizes = [m.shape[-2:] for m in mask_preds]
    gt = _gt([[4, 4, 20, 28], [36, 30, 60, 60]], [2, 0])
    _, labels, _ = SOLOHead._get_targets_single(head, gt,
                                                featmap_sizes=sizes)
    maps = head.instance_grid_maps(gt, sizes)
    for lab, m in zip(labels, maps):
        assert torch.equal(m >= 0, lab != head.num_classes)
        # a cell's instance has the class SOLO wrote there
        assert torch.equal(gt.labels[m[m >= 0]], lab[m >= 0])


def test_losses_and_short_training():
    head = _head()
    feats = _feats(2)
    gts = [_gt([[4, 4, 20, 28], [36, 30, 60, 60]], [2, 0]),
           _gt([[10, 10, 40, 40]], [1])]
    metas = [dict(img_shape=(64, 64), batch_input_shape=(64, 64))] * 2
    opt = torch.optim.Adam(head.parameters(), lr=1e-3)
    history = []
    for _ in range(15):
        losses = head.loss_by_feat(*head(feats), gts, metas)
        assert set(losses) == {'loss_mask', 'loss_cls', 'loss_ic',
                               'loss_me'}
        total = sum(losses.values())
        opt.zero_grad()
        total.backward()
        opt.step()
        history.append({k: v.item() for k, v in losses.items()})
    for key in ('loss_ic', 'loss_cls'):
        assert history[-1][key] < history[0][key]


def test_image_without_instances():
    head = _head()
    empty = InstanceData(bboxes=torch.zeros(0, 4),
                         labels=torch.zeros(0, dtype=torch.long),
                         masks=BitmapMasks(np.zeros((0, 64, 64)), 64, 64))
    losses = head.loss_by_feat(
        *head(_feats(1)), [empty],
        [dict(img_shape=(64, 64), batch_input_shape=(64, 64))])
    assert losses['loss_ic'].item() == 0 and losses['loss_me'].item() == 0


def test_prototypes_are_means_over_the_instances_cells():
    """A predicted instance's prototype is the mean embedding of the cells
    SOLO's assignment gives its mask; low-score instances get none. SOLO
    itself predicts zero boxes: the head gives the masks' tight boxes."""
    head = _head().eval()
    gt = _gt([[4, 4, 28, 36], [36, 30, 60, 60]], [2, 0])
    solo_result = InstanceData(
        masks=torch.as_tensor(gt.masks.masks, dtype=torch.bool),
        bboxes=torch.zeros(2, 4), labels=gt.labels,
        scores=torch.tensor([0.9, 0.1]))  # second one below the 0.3 cut
    meta = dict(img_shape=(64, 64), ori_shape=(64, 64),
                batch_input_shape=(64, 64), scale_factor=(1.0, 1.0))
    feats = _feats(1)
    res, embeds = _predict(head, feats, solo_result, meta)
    # the cells of instance 0 at training-time feature sizes (stride / 2)
    sizes = [torch.Size((64 * 2 // s, 64 * 2 // s)) for s in head.strides]
    maps = head.instance_grid_maps(gt[:1], sizes)
    cells = torch.cat([e[0].permute(1, 2, 0).reshape(-1, 8)[m.flatten() == 0]
                       for e, m in zip(embeds, maps)])
    assert len(cells) > 0
    assert torch.allclose(res.embeddings[0], cells.mean(0), atol=1e-6)
    assert torch.equal(res.bboxes, gt.bboxes)
    assert (res.embeddings[1] == 0).all()


def test_overlapping_predictions_each_get_their_cells():
    """SOLO's Matrix NMS keeps duplicates (decayed). In training a cell has
    one owner; at inference every predicted instance gets the cells of its
    own mask, so a duplicate and the instance it overlaps both get the same,
    non-zero prototype (with one shared assignment, one of them got none)."""
    head = _head().eval()
    gt = _gt([[4, 4, 28, 36]], [2])
    mask = torch.as_tensor(gt.masks.masks, dtype=torch.bool)
    solo_result = InstanceData(
        masks=mask.repeat(2, 1, 1), bboxes=torch.zeros(2, 4),
        labels=torch.tensor([2, 1]), scores=torch.tensor([0.9, 0.5]))
    meta = dict(img_shape=(64, 64), ori_shape=(64, 64),
                batch_input_shape=(64, 64), scale_factor=(1.0, 1.0))
    res, embeds = _predict(head, _feats(1), solo_result, meta)
    sizes = [torch.Size((64 * 2 // s, 64 * 2 // s)) for s in head.strides]
    maps = head.instance_grid_maps(gt, sizes)
    cells = torch.cat([e[0].permute(1, 2, 0).reshape(-1, 8)[m.flatten() == 0]
                       for e, m in zip(embeds, maps)])
    for k in range(2):
        assert torch.allclose(res.embeddings[k], cells.mean(0), atol=1e-6)


def test_instance_with_an_empty_mask_is_skipped():
    """An annotation whose mask is empty (e.g. a degenerate polygon) owns no
    grid cell, as in SOLO's targets: the losses equal those of the image
    without it."""
    head = _head()
    feats = _feats(1)
    metas = [dict(img_shape=(64, 64), batch_input_shape=(64, 64))]
    good = _gt([[4, 4, 20, 28], [36, 30, 60, 60]], [2, 0])
    with_empty = _gt([[4, 4, 20, 28], [36, 30, 60, 60], [10, 40, 30, 60]],
                     [2, 0, 1])
    with_empty.masks.masks[2] = 0
    sizes = [m.shape[-2:] for m in head(feats)[0]]
    maps = head.instance_grid_maps(with_empty, sizes)
    assert all((m != 2).all() for m in maps)
    with torch.no_grad():
        outs = head(feats)
        expected = head.loss_by_feat(*outs, [good], metas)
        got = head.loss_by_feat(*outs, [with_empty], metas)
    for key in ('loss_ic', 'loss_me', 'loss_mask'):
        assert torch.isfinite(got[key])
        assert torch.allclose(got[key], expected[key]), key


def test_prototype_cells_by_hand_after_resize_and_padding():
    """Independent of the code's helper (issue 11): a 60x50 frame resized
    by 1.6 to 96x80 and padded to 128x96. The predicted mask covers
    x 10..30, y 5..35 of the frame, so x 16..48, y 8..56 of the input: box
    32x48, sqrt(area) 39.2, which the scale ranges put on levels 1 (grid 10)
    and 2 (grid 8). SOLO's centre region: centre of mass (31.5, 31.5) in
    the 128x96 input, half-ranges 0.5 * epsilon 0.2 * (32, 48) = (3.2, 4.8)
    px, clipped to the 3x3 around the centre cell (not binding here):
      grid 10: rows floor(10 * [26.7, 36.3] / 96) = 2..3,
               cols floor(10 * [28.3, 34.7] / 128) = 2..2
      grid 8:  rows floor(8 * [26.7, 36.3] / 96) = 2..3,
               cols floor(8 * [28.3, 34.7] / 128) = 1..2
    The prototype is the mean embedding of those 6 cells."""
    head = _head().eval()
    mask = torch.zeros(1, 50, 60, dtype=torch.bool)
    mask[0, 5:35, 10:30] = True
    solo_result = InstanceData(masks=mask, bboxes=torch.zeros(1, 4),
                               labels=torch.tensor([0]),
                               scores=torch.tensor([0.9]))
    meta = dict(ori_shape=(50, 60), img_shape=(80, 96),
                batch_input_shape=(96, 128), scale_factor=(1.6, 1.6))
    torch.manual_seed(1)
    feats = tuple(torch.randn(1, 16, h, w)
                  for h, w in ((24, 32), (12, 16), (6, 8), (3, 4), (2, 2)))
    res, embeds = _predict(head, feats, solo_result, meta)
    cells = torch.cat([
        embeds[1][0, :, 2:4, 2:3].reshape(8, -1).T,
        embeds[2][0, :, 2:4, 1:3].reshape(8, -1).T])
    assert cells.shape == (6, 8)
    assert torch.allclose(res.embeddings[0], cells.mean(0), atol=1e-6)
    assert res.bboxes.tolist() == [[10.0, 5.0, 30.0, 35.0]]


def test_ic_loss_of_one_instance_by_hand():
    """Training cells worked out by hand (issue 11): one instance, box
    x 4..20, y 4..28 of a 64x64 input (16x24, sqrt(area) 19.6: levels 0 and
    1), centre of mass (h, w) = (15.5, 11.5), half-ranges (2.4, 1.6) px:
      grid 12: rows floor(12 * [13.1, 17.9] / 64) = 2..3,
               cols floor(12 * [9.9, 13.1] / 64) = 1..2
      grid 10: rows floor(10 * [13.1, 17.9] / 64) = 2..2,
               cols floor(10 * [9.9, 13.1] / 64) = 1..2
    With one instance the contrast term is 0 (a softmax over one centre),
    so the IC loss is the L1 distance of those 6 cells to their mean,
    summed (Eq. 3), for the one image, times the head's loss weight 0.1."""
    head = _head()
    feats = _feats(1)
    gt = _gt([[4, 4, 20, 28]], [1])
    outs = head(feats)
    losses = head.loss_by_feat(
        *outs, [gt], [dict(img_shape=(64, 64), batch_input_shape=(64, 64))])
    embeds = outs[2]
    cells = torch.cat([embeds[0][0, :, 2:4, 1:3].reshape(8, -1).T,
                       embeds[1][0, :, 2:3, 1:3].reshape(8, -1).T])
    expected = 0.1 * (cells - cells.mean(0)).abs().sum()
    assert torch.allclose(losses['loss_ic'], expected, atol=1e-5)
    assert losses['loss_me'].item() == 0  # nothing to be uniform over


def test_detached_embedding_leaves_the_features_to_solo():
    gts = [_gt([[4, 4, 20, 28], [36, 30, 60, 60]], [2, 0]),
           _gt([[10, 10, 40, 40]], [1])]
    metas = [dict(img_shape=(64, 64), batch_input_shape=(64, 64))] * 2
    torch.manual_seed(1)
    base = _feats(2)
    grads = {}
    for detach in (False, True):
        head = _head(detach_embed_features=detach)
        for keys in (('loss_ic', 'loss_me'), ('loss_mask', 'loss_cls')):
            feats = tuple(f.clone().requires_grad_() for f in base)
            losses = head.loss_by_feat(*head(feats), gts, metas)
            head.zero_grad()
            sum(losses[k] for k in keys).backward()
            grads[detach, keys] = (
                sum(f.grad.abs().sum().item() for f in feats
                    if f.grad is not None),
                sum(p.grad.abs().sum().item()
                    for p in head.conv_embed.parameters()
                    if p.grad is not None))
    ic_me, solo = ('loss_ic', 'loss_me'), ('loss_mask', 'loss_cls')
    # joint training (the paper): IC + ME reach the features
    assert grads[False, ic_me][0] > 0
    # detached: IC + ME train the embedding branch, not the features
    assert grads[True, ic_me][0] == 0
    assert grads[True, ic_me][1] > 0
    assert grads[True, ic_me][1] == grads[False, ic_me][1]
    # SOLO's own losses are unaffected by the option
    assert grads[True, solo][0] == grads[False, solo][0] > 0
