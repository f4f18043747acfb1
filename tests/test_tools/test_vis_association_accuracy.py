"""The cue-accuracy count of tools/analysis_tools/vis_association_accuracy.py."""
import os.path as osp
import sys

import torch

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
from mmengine.structures import InstanceData  # noqa: E402
from vis_association_accuracy import (FRESH_IDS, count_video,  # noqa: E402
                                      gate_passes, nearest_is_same)


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


def test_count_video_compares_consecutive_frames_by_each_cue():
    """Objects 1 and 2 swap places between frames 0 and 1: the boxes point
    to the wrong object, the embeddings to the right one. Frame 2 is empty
    and frame 3 follows an empty frame: neither pair counts."""
    emb = torch.eye(2)
    left, right = [0.0, 0, 10, 10], [20.0, 0, 30, 10]

    def frame(ids, embs, boxes):
        return (torch.tensor(ids), InstanceData(
            embeddings=embs, bboxes=torch.tensor(boxes).reshape(-1, 4)))

    frames = [frame([1, 2], emb, [left, right]),
              frame([2, 1], emb[[1, 0]], [left, right]),
              frame([], torch.zeros(0, 2), []),
              frame([1], emb[:1], [left])]
    counts = dict(embedding=[0] * 6, iou=[0] * 6)
    count_video(frames, counts, dict(embedding=0.5, iou=0.5))
    # nearest: embeddings right twice, boxes never; gates over the 4 pairs
    # of frames 0-1 (2 same-object, 2 other-object): the embeddings (cosine
    # 1 or 0) pass exactly the same-object pairs, the boxes exactly the
    # other-object ones
    assert counts == dict(embedding=[2, 2, 2, 2, 0, 2],
                          iou=[0, 2, 0, 2, 2, 2])


def test_gate_passes_counts_pairs_by_object():
    prev_ids = torch.tensor([7, 9, FRESH_IDS])
    cur_ids = torch.tensor([9, 7, 5])
    sim = torch.tensor([
        [0.8, 0.9, 1.0],  # 9: vs 7 passes (other), vs 9 passes (same)
        [0.6, 0.2, 1.0],  # 7: vs 7 fails (same), vs 9 fails (other)
        [0.9, 0.1, 1.0],  # 5 (new): vs 7 passes (other), vs 9 fails
    ])
    # the previous mask of no object (last column) is left out
    assert gate_passes(prev_ids, cur_ids, sim, 0.7) == (1, 2, 2, 4)
