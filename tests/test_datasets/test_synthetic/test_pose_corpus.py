"""The synthetic pose corpus: figure geometry by hand, joint visibility, and
the files read by mmpose's own PoseTrack18 and COCO loaders."""
import json
import os
import os.path as osp

import numpy as np
import pytest
from mmpose.datasets import CocoDataset, PoseTrack18Dataset

from mmtrack_unsup.datasets.converters import merge_posetrack18
from mmtrack_unsup.datasets.synthetic import (get_preset, figure_joints,
                                              simulate_pose,
                                              write_coco_keypoints,
                                              write_posetrack18)
from mmtrack_unsup.evaluation.functional import JointFrame, posetrack_mota
from mmtrack_unsup.utils import DataFormatError

SMALL = get_preset('pose').updated(num_frames=6)


def test_standing_figure_by_hand():
    """h = 100 at gait phase 0 (legs straight): head from -50 to -36 (radius
    7), shoulders at (+-11, -31), hips at (+-7, 2), knees 24 below the hips,
    ankles on the box's bottom edge; the person's left is on the right."""
    j = figure_joints(100.0, 0.0, 1.0)
    expect = dict(head_top=(0, -50), head_bottom=(0, -36),
                  left_shoulder=(11, -31), right_shoulder=(-11, -31),
                  left_hip=(7, 2), right_hip=(-7, 2), left_knee=(7, 26),
                  right_knee=(-7, 26), left_ankle=(7, 50),
                  right_ankle=(-7, 50), left_elbow=(11, -16))
    for name, xy in expect.items():
        assert j[name] == pytest.approx(xy, abs=1e-9), name
    # half a stride later the legs have swapped
    a, b = figure_joints(100.0, np.pi / 2, 1.0), figure_joints(
        100.0, -np.pi / 2, 1.0)
    assert a['left_knee'][0] - 7 == pytest.approx(-(b['left_knee'][0] - 7))


def test_visible_joints_lie_on_their_own_person():
    cfg = SMALL.updated(num_occluders=1, num_frames=15)
    hidden = visible = 0
    for frame in simulate_pose(cfg, 4):
        for person in frame.people:
            for name, (x, y) in person.joints.items():
                xi, yi = int(round(x)), int(round(y))
                inside = 0 <= xi < cfg.width and 0 <= yi < cfg.height
                if person.visible[name]:
                    visible += 1
                    assert inside
                    assert person.mask[max(yi - 1, 0):yi + 2,
                                       max(xi - 1, 0):xi + 2].any()
                else:
                    hidden += 1
                    assert not inside or not person.mask[
                        max(yi - 1, 0):yi + 2, max(xi - 1, 0):xi + 2].any()
    assert visible and hidden  # crossings and the pillar hide some


@pytest.fixture(scope='module')
def pose_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('pose'))
    write_posetrack18(osp.join(root, 'posetrack18'), 'val', 2, 1000, SMALL,
                      progress=False)
    merge_posetrack18(osp.join(root, 'posetrack18', 'annotations', 'val'),
                      osp.join(root, 'posetrack18', 'annotations',
                               'posetrack18_val.json'),
                      osp.join(root, 'posetrack18'))
    write_coco_keypoints(osp.join(root, 'coco'), 'train2017', 4, 0, SMALL,
                         progress=False)
    return root


def test_posetrack18_files_in_mmposes_loader(pose_root):
    root = osp.join(pose_root, 'posetrack18')
    video = json.load(open(osp.join(root, 'annotations', 'val',
                                    '000001_synthetic_val.json')))
    img = video['images'][2]
    assert img['id'] == img['frame_id'] == 10000010002
    assert img['file_name'] == 'images/val/000001_synthetic_val/000002.jpg'
    assert img['vid_id'] == '000001' and img['nframes'] == 6
    assert 'width' not in img  # as PoseTrack18 ships them
    ann = video['annotations'][0]
    assert len(ann['keypoints']) == 51
    assert ann['keypoints'][9:15] == [0, 0, 0, 0, 0, 0]  # ears, never
    assert set(ann['keypoints'][2::3]) <= {0, 1}
    assert video['categories'][0]['keypoints'][:3] == [
        'nose', 'head_bottom', 'head_top']
    ds = PoseTrack18Dataset(
        data_root=root, ann_file='annotations/posetrack18_val.json',
        data_prefix=dict(img=''), data_mode='bottomup', pipeline=[])
    assert len(ds) == 12  # every frame of both videos
    first = ds[0]
    assert first['img_path'].endswith('000001_synthetic_val/000000.jpg')
    assert first['keypoints'].shape[1:] == (17, 2)
    assert (first['keypoints_visible'][:, 3:5] == 0).all()
    merged = json.load(open(osp.join(root, 'annotations',
                                     'posetrack18_val.json')))
    assert {(i['width'], i['height']) for i in merged['images']} == {
        (320, 192)}  # added by the merge, read from the frames


def test_coco_keypoints_in_mmposes_loader(pose_root):
    root = osp.join(pose_root, 'coco')
    data = json.load(open(osp.join(root, 'annotations',
                                   'person_keypoints_train2017.json')))
    assert [c['name'] for c in data['categories']] == ['person']
    assert data['categories'][0]['keypoints'][1] == 'left_eye'
    for ann in data['annotations']:
        assert ann['num_keypoints'] == sum(v > 0 for v in
                                           ann['keypoints'][2::3])
        assert set(ann['keypoints'][2::3]) <= {0, 2}
    ds = CocoDataset(data_root=root,
                     ann_file='annotations/person_keypoints_train2017.json',
                     data_prefix=dict(img='train2017/'),
                     data_mode='bottomup', pipeline=[])
    assert len(ds) == 4 and ds[0]['keypoints'].shape[1:] == (17, 2)


def _frames(video, pred_ids=None):
    """JointFrames of a PoseTrack18 json: ground truth, and the ground
    truth again as the prediction (ids optionally replaced)."""
    by_image = {}
    for ann in video['annotations']:
        by_image.setdefault(ann['image_id'], []).append(ann)
    frames = []
    for t, img in enumerate(video['images']):
        anns = by_image.get(img['id'], [])
        ids = np.array([a['track_id'] for a in anns], int)
        kpts = np.array([a['keypoints'] for a in anns]).reshape(-1, 17, 3)
        head = np.array([a['bbox_head'] for a in anns]).reshape(-1, 4)
        head[:, 2:] += head[:, :2]
        pids = ids if pred_ids is None else pred_ids(t, ids)
        frames.append(JointFrame(ids, kpts[..., :2], kpts[..., 2] > 0, head,
                                 pids, kpts[..., :2], kpts[..., 2] > 0))
    return frames


def test_mota_of_the_ground_truth_is_1_and_a_swap_costs_switches(pose_root):
    path = osp.join(pose_root, 'posetrack18', 'annotations', 'val',
                    '000001_synthetic_val.json')
    video = json.load(open(path))
    perfect = posetrack_mota([_frames(video)], num_joints=17)
    assert perfect['total'] == 1.0
    assert np.isnan(perfect['mota'][3:5]).all()  # ears: never annotated
    # from frame 2 on, the first two people trade identities
    def swap(t, ids):
        out = ids.copy()
        if t >= 2 and len(ids) >= 2:
            out[[0, 1]] = ids[[1, 0]]
        return out
    swapped = posetrack_mota([_frames(video, swap)], num_joints=17)
    assert swapped['num_switches'].sum() > 0
    assert swapped['num_misses'].sum() == 0
    assert swapped['total'] < 1.0


def test_merge_refuses_what_mmpose_would_misread(tmp_path, pose_root):
    src = osp.join(pose_root, 'posetrack18')
    ann_dir = tmp_path / 'val'
    os.makedirs(ann_dir)
    video = json.load(open(osp.join(src, 'annotations', 'val',
                                    '000001_synthetic_val.json')))
    for name in ('a.json', 'b.json'):  # the same image ids twice
        json.dump(video, open(ann_dir / name, 'w'))
    with pytest.raises(DataFormatError, match=r'b\.json.*also in.*a\.json'):
        merge_posetrack18(str(ann_dir), str(tmp_path / 'out.json'), src)
    os.remove(ann_dir / 'b.json')
    with pytest.raises(DataFormatError, match='cannot read this frame'):
        merge_posetrack18(str(ann_dir), str(tmp_path / 'out.json'),
                          str(tmp_path))
    video['annotations'][0]['keypoints'] = [0] * 50
    json.dump(video, open(ann_dir / 'a.json', 'w'))
    with pytest.raises(DataFormatError, match=r'annotations\[0\]'):
        merge_posetrack18(str(ann_dir), str(tmp_path / 'out.json'), src)
    assert not osp.exists(tmp_path / 'out.json')  # nothing half-written


def test_merge_cli_refuses_a_nan_keypoint_when_reading(tmp_path, pose_root):
    """A NaN keypoint used to be refused only when results were written,
    after the whole run (issue 39, item 16): the converter names the file,
    the annotation and the joint, with no traceback, and writes nothing."""
    import subprocess
    import sys

    from conftest import REPO
    src = osp.join(pose_root, 'posetrack18')
    ann_dir = tmp_path / 'val'
    os.makedirs(ann_dir)
    video = json.load(open(osp.join(src, 'annotations', 'val',
                                    '000001_synthetic_val.json')))
    video['annotations'][1]['keypoints'][7] = float('nan')
    path = ann_dir / 'a.json'
    path.write_text(json.dumps(video))  # json writes NaN, as numpy users do
    out = tmp_path / 'out.json'
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'dataset_converters',
                                  'posetrack18_merge.py'), str(ann_dir),
         str(out), '--data-root', src], capture_output=True, text=True)
    assert proc.returncode == 1 and 'Traceback' not in proc.stderr
    assert (f'error: {path} [annotations[1].keypoints]: keypoints[7] '
            '(joint 2, y) is nan, not a finite number') in proc.stderr
    assert not out.exists()
