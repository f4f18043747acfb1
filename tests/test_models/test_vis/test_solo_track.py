import os.path as osp

import pytest
from mmdet.registry import MODELS
from mmengine.config import Config

from conftest import REPO

CONFIG = osp.join(REPO, 'configs', 'solo_track',
                  'solo-track_r18_fpn_1xb2-10k_synthetic.py')


def test_tracker_below_the_heads_prototype_threshold_is_an_error():
    cfg = Config.fromfile(CONFIG)
    cfg.model.detector.mask_head.prototype_score_thr = 0.3
    cfg.model.tracker.score_thr = 0.2
    with pytest.raises(ValueError, match=r'tracker.score_thr \(0.2\).*'
                       r'prototype_score_thr \(0.3\)'):
        MODELS.build(cfg.model)
    # the baseline needs no embeddings, so any threshold is fine for it
    cfg.model.tracker = dict(type='SpatialCategoryTracker', score_thr=0.2)
    MODELS.build(cfg.model)
    # but with the embedding cue it does
    cfg.model.tracker['embedding_thr'] = 0.7
    with pytest.raises(ValueError, match=r'tracker.score_thr \(0.2\)'):
        MODELS.build(cfg.model)
    cfg.model.detector.mask_head.prototype_score_thr = 0.2
    cfg.model.tracker = dict(type='PrototypeTracker', score_thr=0.2)
    MODELS.build(cfg.model)
