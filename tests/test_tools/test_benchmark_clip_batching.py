"""benchmark_clip_batching.profile_steps: the operators that did the work
come first, and the shares are of the pass' wall time."""
import os.path as osp
import sys
import time

import torch

from conftest import REPO


def test_profile_steps_ranks_operators_by_time():
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from benchmark_clip_batching import profile_steps
    a = torch.randn(300, 300)

    def step(batch):
        for _ in range(batch):
            a @ a
        time.sleep(0.05)  # Python time: no operator

    top = profile_steps(step, [20, 20], top=1)
    assert top[0][0] == 'aten::mm'
    name, share = top[-1]
    assert name == 'all torch operators'
    # the sleeps (0.1 s) are outside every operator
    assert 0 < top[0][1] <= share < 1
