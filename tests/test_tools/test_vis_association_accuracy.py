"""The cue-accuracy count of tools/analysis_tools/vis_association_accuracy.py."""
import os.path as osp
import sys

import torch

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
from vis_association_accuracy import FRESH_IDS, nearest_is_same  # noqa: E402


def test_counts_only_objects_seen_in_the_previous_frame():
    prev_ids = torch.tensor([7, 9, 7])  # object 7 predicted twice
    cur_ids = torch.tensor([9, 7, 4, FRESH_IDS])
    affinity = torch.tensor([
        [0.1, 0.8, 0.0],  # object 9 prefers previous 9: right
        [0.0, 0.9, 0.5],  # object 7 prefers previous 9: wrong
        [0.9, 0.0, 0.0],  # object 4 was not predicted before: not counted
        [0.9, 0.0, 0.0],  # a mask of no object: not counted
    ])
    assert nearest_is_same(prev_ids, cur_ids, affinity) == (1, 2)
    # either duplicate of the same object counts as right
    affinity[1] = torch.tensor([0.0, 0.1, 0.5])
    assert nearest_is_same(prev_ids, cur_ids, affinity) == (2, 2)
