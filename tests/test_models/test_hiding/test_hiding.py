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
            assert view.hidden_frames <= set(range(1, 9))
            assert 2 <= view.handoff <= 8
            assert view.handoff not in view.hidden_frames
            assert not (view.hide_visual or view.hide_spatial)
