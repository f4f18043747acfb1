"""The three public-detection baselines end to end on synthetic sequences."""
import os.path as osp
import subprocess
import sys

import pytest
import torch

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools'))
from benchmark_trackers import main as benchmark  # noqa: E402

CONFIGS = [
    osp.join(REPO, 'configs', m, f'{m}_public-det_synthetic-test.py')
    for m in ('sort', 'bytetrack', 'ocsort')
]


@pytest.mark.slow
def test_three_baselines_on_identical_detections(synthetic_mot_root,
                                                 tmp_path, capsys):
    rows = benchmark(CONFIGS + ['--data-root', synthetic_mot_root + '/',
                                '--work-dir', str(tmp_path),
                                '--out', str(tmp_path / 'rows.json')])
    assert [r['tracker'] for r in rows] == [
        'sort_public-det_synthetic-test', 'bytetrack_public-det_synthetic-test',
        'ocsort_public-det_synthetic-test'
    ]
    for row in rows:
        assert row['frames'] == 80  # every frame of both videos associated
        for key in ('HOTA', 'MOTA', 'IDF1', 'AssA', 'DetA'):
            assert 0 <= row[key] <= 1
        # easy preset: any working tracker recovers most of the identities
        assert row['HOTA'] > 0.5 and row['IDF1'] > 0.5
        assert row['assoc_fps'] > 0
        # where the row comes from (train_seeds --reuse-scores checks it)
        assert row['data_root'] == synthetic_mot_root + '/'
        assert row['checkpoint'] is None  # heuristic trackers: no weights
    table = capsys.readouterr().out
    assert '| Tracker | HOTA | MOTA | IDF1 | IDSW |' in table
    assert osp.isfile(tmp_path / 'rows.json')


@pytest.mark.slow
def test_tools_test_py_runs_a_baseline(synthetic_mot_root, tmp_path):
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'test.py'), CONFIGS[0],
         '--work-dir', str(tmp_path), '--cfg-options',
         f'test_dataloader.dataset.data_root={synthetic_mot_root}/',
         'test_dataloader.num_workers=0',
         'test_dataloader.persistent_workers=False'],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'motchallenge-metric/HOTA' in proc.stdout + proc.stderr


def _oracle_wrapped(calls):
    """A model whose ``test_step`` returns, call after call, one video of
    the given frames each, wrapped by ``OracleIdentities``."""
    from benchmark_trackers import OracleIdentities
    from mmdet.structures import TrackDataSample

    class Model:
        def test_step(self, data):
            video = TrackDataSample()
            video.video_data_samples = calls.pop(0)
            return [video]

    model = Model()
    OracleIdentities(model)
    return model


def test_oracle_wrapper_rewrites_the_predicted_ids_of_every_frame():
    """Duplicates of one object used to get one id per frame, and mmdet
    kept only the last of them."""
    from mmtrack_unsup.evaluation import FRESH_IDS
    from mmdet.structures import DetDataSample
    from mmengine.structures import InstanceData
    gt = torch.zeros(1, 4, 4, dtype=torch.bool)
    gt[0, :2, :2] = True
    dup = gt[0].clone()
    dup[0, 0] = False  # most of object 3 again
    masks = torch.stack([gt[0], dup, gt[0], ~gt[0]])
    frames = []
    for t, order in enumerate([[0, 1, 2, 3], [2, 3, 1, 0]]):
        f = DetDataSample()
        f.gt_instances = InstanceData(masks=gt,
                                      instances_ids=torch.tensor([3]))
        f.pred_track_instances = InstanceData(
            masks=masks[order],
            labels=torch.tensor([0, 0, 1, 0])[order],
            scores=torch.tensor([0.9, 0.5, 0.8, 0.7])[order],
            instances_id=torch.tensor([t, 5 + t, 7, 8])[order])
        frames.append(f)
    (out, ) = _oracle_wrapped([frames]).test_step(None)
    first, second = (f.pred_track_instances.instances_id.tolist()
                     for f in out.video_data_samples)
    # (object 3, label 0) best: 0; its duplicate: 2; (object 3, label 1): 1
    assert first == [0, 2, 1, FRESH_IDS]
    assert second == [1, FRESH_IDS + 1, 2, 0]  # same tracks, reordered


def test_oracle_wrapper_keeps_a_mot_video_s_ids_across_frames():
    """MOT models are tested one frame per ``test_step``: an object keeps
    its oracle id from call to call, and a new video starts afresh."""
    from mmdet.structures import DetDataSample
    from mmengine.structures import InstanceData
    gt = torch.tensor([[0., 0., 10., 10.], [20., 0., 30., 10.]])
    calls = []
    for frame_id, order in ((0, [0, 1]), (1, [1, 0]), (0, [1, 0])):
        f = DetDataSample(metainfo=dict(frame_id=frame_id))
        f.gt_instances = InstanceData(bboxes=gt,
                                      instances_ids=torch.tensor([4, 8]))
        f.pred_track_instances = InstanceData(
            bboxes=gt[order] + 1, labels=torch.zeros(2, dtype=torch.long),
            scores=torch.tensor([0.9, 0.8]),
            instances_id=torch.tensor([5, 6]))
        calls.append([f])
    model = _oracle_wrapped(calls)
    ids = [model.test_step(None)[0].video_data_samples[0]
           .pred_track_instances.instances_id.tolist() for _ in range(3)]
    # object 4 is track 0 and object 8 track 1 in both frames of the first
    # video; the second video numbers its tracks from 0 again
    assert ids == [[0, 1], [1, 0], [0, 1]]


def test_oracle_wrapper_compares_boxes_in_the_original_image():
    """A test pipeline's Resize scales the ground-truth boxes, not the
    predictions (mmdet rescales those back): the oracle undoes the scale
    before comparing them."""
    from mmdet.structures import DetDataSample
    from mmdet.structures.bbox import HorizontalBoxes
    from mmengine.structures import InstanceData
    original = torch.tensor([[0., 0., 10., 10.], [20., 0., 30., 10.]])
    f = DetDataSample(metainfo=dict(frame_id=0, scale_factor=(2.0, 2.0)))
    f.gt_instances = InstanceData(bboxes=HorizontalBoxes(original * 2),
                                  instances_ids=torch.tensor([4, 8]))
    f.pred_track_instances = InstanceData(
        bboxes=original[[1]], labels=torch.zeros(1, dtype=torch.long),
        scores=torch.tensor([0.9]), instances_id=torch.tensor([3]))
    _oracle_wrapped([[f]]).test_step(None)
    # the box is object 8's; unscaled, it would overlap no object and
    # take a fresh id; the ground truth itself is left as it was
    assert f.pred_track_instances.instances_id.tolist() == [0]
    assert torch.equal(f.gt_instances.bboxes.tensor, original * 2)


def test_sweep_scores_every_config_at_every_setting(monkeypatch):
    """--sweep KEY=V1,V2: the cartesian product of the settings, each
    merged into each config, one row each, named by its setting."""
    import benchmark_trackers
    seen = []

    def fake_run(path, index, args, oracle=False, setting=None):
        seen.append((osp.basename(path), setting))
        return dict(tracker=f'{osp.basename(path)} {setting}', HOTA=0.5,
                    assoc_fps=1.0)

    monkeypatch.setattr(benchmark_trackers, 'run_config', fake_run)
    benchmark_trackers.main(['a.py', 'b.py', '--sweep',
                             'model.tracker.oks_thr=0.1,0.3',
                             'model.tracker.name=x,None'])
    combos = [{'model.tracker.oks_thr': t, 'model.tracker.name': n}
              for t in (0.1, 0.3) for n in ('x', None)]
    assert seen == [('a.py', c) for c in combos] + [('b.py', c)
                                                    for c in combos]
    seen.clear()
    benchmark_trackers.main(['a.py', '--sweep', 'x.a+y.b=1,2'])
    assert seen == [('a.py', {'x.a': 1, 'y.b': 1}),
                    ('a.py', {'x.a': 2, 'y.b': 2})]
    seen.clear()
    benchmark_trackers.main(['a.py'])
    assert seen == [('a.py', None)]
    with pytest.raises(SystemExit):
        benchmark_trackers.main(['a.py', '--sweep', 'model.tracker.oks_thr'])
