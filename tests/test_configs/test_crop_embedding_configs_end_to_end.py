"""The crop-embedding user configs end to end on MOTChallenge-format files
(the synthetic corpus converted by the real converter): their test
datasets, crop pipeline, fused tracker and TrackEval evaluator."""
import os.path as osp
import sys

import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config

import mmtrack_unsup.models  # noqa: F401 (registers the models)
from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools'))
from benchmark_trackers import main as benchmark  # noqa: E402

FOLDER = osp.join(REPO, 'configs', 'crop_embedding')
BYTE = osp.join(FOLDER, 'crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py')
OC = osp.join(FOLDER, 'crop-embedding_fused-ocsort_1xb8-2k_synthetic.py')
PEERS = [osp.join(REPO, 'configs', m, f'{m}_public-det_synthetic-test.py')
         for m in ('bytetrack', 'ocsort')]


@pytest.mark.slow
def test_both_fused_configs_score_beside_their_heuristics(
        synthetic_mot_root, tmp_path):
    """Untrained weights (one checkpoint read by both configs, as `make
    crop-embedding-seeds` does): every frame is associated, and as the cue
    only chooses among the pairs the motion tracker allows (and rejoins
    lost tracks), detection accuracy stays the heuristics'."""
    torch.manual_seed(0)
    ckpt = str(tmp_path / 'untrained.pth')
    model = MODELS.build(Config.fromfile(BYTE).model)
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    rows = benchmark([
        *PEERS, BYTE, OC, '--data-root', synthetic_mot_root + '/',
        '--work-dir', str(tmp_path), '--checkpoint',
        f'{osp.basename(BYTE)[:-3]}={ckpt}', f'{osp.basename(OC)[:-3]}={ckpt}'
    ])
    rows = {r['tracker']: r for r in rows}
    byte, oc = (rows[osp.basename(p)[:-3]] for p in PEERS)
    fused_byte = rows[osp.basename(BYTE)[:-3]]
    fused_oc = rows[osp.basename(OC)[:-3]]
    for fused, peer in ((fused_byte, byte), (fused_oc, oc)):
        assert fused['frames'] == peer['frames'] == 80
        assert fused['checkpoint'] == ckpt
        assert abs(fused['DetA'] - peer['DetA']) < 0.05
        assert fused['HOTA'] > 0.5
