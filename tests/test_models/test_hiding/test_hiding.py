import numpy as np

from mmtrack_unsup.models.hiding import OcclusionHiding, VisualSpatialHiding


def test_visual_spatial_views():
    a, b = VisualSpatialHiding()(8, np.random.default_rng(0))
    assert a.hide_spatial and not a.hide_visual and not a.recurrent
    assert b.hide_visual and not b.hide_spatial and b.recurrent


def test_occlusion_views_hide_only_intermediate_frames():
    hiding = OcclusionHiding(max_occluded_frac=0.5)
    rng = np.random.default_rng(0)
    for _ in range(50):
        a, b = hiding(10, rng)  # frames 0..9
        for view in (a, b):
            # a non-empty run of intermediate frames, whatever its length
            # (a run of one at the hand-off frame used to vanish)
            assert view.hidden_frames and view.hidden_frames <= set(
                range(1, 9))
            run = sorted(view.hidden_frames)
            assert run == list(range(run[0], run[-1] + 1))
            assert 2 <= view.handoff <= 8
            assert view.handoff not in view.hidden_frames
            assert not (view.hide_visual or view.hide_spatial)
        assert a != b  # different subsequences (issue 14)


def test_occlusion_views_differ_even_when_draws_collide():
    """With 4 frames there are few possible views; B is redrawn until it
    differs from A."""
    hiding = OcclusionHiding(max_occluded_frac=0.5)
    rng = np.random.default_rng(1)
    assert all(a != b for a, b in (hiding(4, rng) for _ in range(200)))


def test_occlusion_handoff_warmup():
    """No hand-off before step ``handoff_warmup``, the paper's hand-off
    from then on; the hidden runs are drawn in both phases."""
    hiding = OcclusionHiding(handoff_warmup=3)
    rng = np.random.default_rng(0)
    for step in range(3):
        a, b = hiding(10, rng, step)
        assert a.handoff is None and b.handoff is None
        assert a.hidden_frames and b.hidden_frames and a != b
    for step in (3, 4, 100):
        a, b = hiding(10, rng, step)
        assert a.handoff is not None and b.handoff is not None
    # the default is the paper's: hand-off from step 0
    a, _ = OcclusionHiding()(10, rng, 0)
    assert a.handoff is not None
