"""BottomupPoseTracker on frames of real-format PoseTrack18 files: it tracks
frames in order and stops on a frame that skips (every N-th frame, as a
round-robin sampler deals them to N processes)."""
import os.path as osp
import sys

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import DefaultScope

from conftest import REPO

CONFIG = osp.join(REPO, 'configs', 'pose_track',
                  'cid-track_r18_1xb8-2k_synthetic-pose.py')


@pytest.fixture(scope='module')
def model_and_frames(tmp_path_factory):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    from mmpose.registry import DATASETS, MODELS
    root = str(tmp_path_factory.mktemp('pose'))
    main([root, '--preset', 'pose', '--pose-images', '1', '--pose-videos',
          '1', '--no-progress', '--set', 'num_frames=3'])
    cfg = Config.fromfile(CONFIG)
    cfg.test_dataloader.dataset.data_root = f'{root}/posetrack18/'
    # an untrained branch gives everyone alike embeddings (mean cosine
    # ~0.97): the collapse guard would rightly stop it
    cfg.model.tracker.collapse_frames = 0
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpose'):
        model = MODELS.build(cfg.model).eval()
        dataset = DATASETS.build(cfg.test_dataloader.dataset)
    return model, [dataset[i] for i in range(len(dataset))]


def _track(model, frames):
    with torch.no_grad():
        return [model.test_step(pseudo_collate([f]))[0] for f in frames]


def test_frames_in_order_are_tracked(model_and_frames):
    model, frames = model_and_frames
    out = _track(model, frames)
    assert [len(o.pred_instances.instance_ids) for o in out] == \
        [len(o.pred_instances.keypoints) for o in out]


def test_the_video_again_is_tracked_from_its_start(model_and_frames):
    """The next validation tracks the same video anew: identical ids."""
    model, frames = model_and_frames
    first = _track(model, frames)
    again = _track(model, frames)
    assert sum(int((torch.as_tensor(o.pred_instances.instance_ids) >= 0)
                   .sum()) for o in first) > 0
    for a, b in zip(first, again):
        assert torch.equal(torch.as_tensor(a.pred_instances.instance_ids),
                           torch.as_tensor(b.pred_instances.instance_ids))


def test_a_skipped_frame_stops_the_test(model_and_frames):
    model, frames = model_and_frames
    with pytest.raises(RuntimeError, match='frame 2 follows frame 0'):
        _track(model, [frames[0], frames[2]])
