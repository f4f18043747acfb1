"""SOLO-Track's video embedding branch and the valid cells of Sec. 3.4."""
import pytest
import torch
from mmdet.models.dense_heads import SOLOHead

from mmtrack_unsup.models.dense_heads import SOLOTrackHead

from test_solo_track_head import GRIDS, _feats, _head


def _confident(head):
    """Category logits near 0 (scores ~0.5) so that SOLO keeps instances
    from random features."""
    torch.nn.init.zeros_(head.conv_cls.bias)
    return head


def test_video_branch_options():
    assert not hasattr(_head(), 'video_embed_convs')
    separate = _head(video_branch='separate')
    x = _feats()
    video = separate.video_embeddings(x)
    image = separate(x)[2]
    for g, v, i in zip(GRIDS, video, image):
        assert v.shape == i.shape == (2, 8, g, g)
        assert not torch.allclose(v, i)  # its own weights
    shared = _head(video_branch='shared')
    for v, i in zip(shared.video_embeddings(x), shared(x)[2]):
        assert torch.equal(v, i)
    with pytest.raises(RuntimeError, match='no video embedding'):
        _head().video_embeddings(x)
    with pytest.raises(ValueError, match='video_branch'):
        _head(video_branch='both')


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_valid_cells_are_the_instances_solo_keeps(seed):
    """The cells chosen from the training outputs are exactly the
    instances mmdet's SOLO inference returns from the same weights: same
    scores and labels in the same order, and each instance's mask is its
    cell's mask."""
    head = _confident(_head())
    torch.manual_seed(seed)
    x = _feats(batch=2, size=64)
    meta = dict(img_shape=(64, 64), ori_shape=(64, 64))
    head.train()
    mask_preds, cls_preds, _ = head(x)
    head.eval()
    with torch.no_grad():
        eval_masks, eval_cls, _ = head(x)
        want = SOLOHead.predict_by_feat(head, eval_masks, eval_cls,
                                        [meta, meta])
    for img in range(2):
        scores, masks = head.inference_maps(mask_preds, cls_preds, img)
        kept = head.kept_instances(scores, masks)
        assert len(kept) == len(want[img]) > 0
        assert torch.allclose(kept.scores, want[img].scores)
        assert torch.equal(kept.labels, want[img].labels)
        # the instance's mask is its cell's mask (upsampled x4 as mmdet)
        up = torch.nn.functional.interpolate(
            masks[kept.cells][None], size=(64, 64), mode='bilinear')[0]
        assert torch.equal(up > 0.5, want[img].masks)
        cells = head.valid_cells(mask_preds, cls_preds, img)
        assert cells.tolist() == list(dict.fromkeys(kept.cells.tolist()))


def test_no_confident_cell_no_valid_cell():
    head = _head()
    head.init_weights()  # SOLO's prior: scores ~0.01 < score_thr
    mask_preds, cls_preds, _ = head(_feats())
    assert len(head.valid_cells(mask_preds, cls_preds, 0)) == 0


def test_cycle_loss_uses_the_video_embedding_of_the_valid_cells():
    head = _confident(_head(video_branch='separate'))
    x = _feats(batch=3)
    mask_preds, cls_preds, embeds = head(x)
    video = head.video_embeddings(x)
    seen = {}
    real = head.loss_cycle.forward

    def spy(clips, reference):
        seen['clips'] = clips
        return real(clips, reference)

    head.loss_cycle.forward = spy
    loss = head.loss_cycle_by_feat(mask_preds, cls_preds, video,
                                   [[0, 2], [1, 2]])
    (clip0, clip1) = seen['clips']
    for frames, idx in ((clip0, [0, 2]), (clip1, [1, 2])):
        for f, i in zip(frames, idx):
            cells = head.valid_cells(mask_preds, cls_preds, i)
            flat = torch.cat([v[i].permute(1, 2, 0).reshape(-1, 8)
                              for v in video])
            assert torch.equal(f, flat[cells]) and len(cells)
    loss.backward()
    assert head.conv_video_embed.weight.grad.abs().sum() > 0
    # the image embedding and the category branch get nothing from it
    assert head.conv_embed.weight.grad is None
    assert head.conv_cls.weight.grad is None
