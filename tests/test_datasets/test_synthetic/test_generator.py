import hashlib
import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from pycocotools import mask as mask_utils

from mmtrack_unsup.datasets.benchmark_categories import COCO2017_IDS
from mmtrack_unsup.datasets.formats import read_mot_txt, read_seqinfo
from mmtrack_unsup.datasets.synthetic import (PRESETS, SceneConfig,
                                              SceneSimulator,
                                              get_preset, simulate,
                                              simulate_detections,
                                              write_coco_images,
                                              write_mot_split,
                                              write_youtubevis)
from mmtrack_unsup.datasets.synthetic.coco_writer import polygons
from mmtrack_unsup.datasets.synthetic.mask_writer import uncompressed_rle

SMALL = SceneConfig(width=160, height=96, num_frames=12,
                    object_height=(20, 40), num_initial=4, max_objects=6,
                    noise_std=2.0)


def _digest(folder):
    h = hashlib.sha256()
    for root, _, files in sorted(os.walk(folder)):
        for name in sorted(files):
            h.update(name.encode())
            with open(osp.join(root, name), 'rb') as f:
                h.update(f.read())
    return h.hexdigest()


def test_deterministic_by_seed(tmp_path):
    write_mot_split(str(tmp_path / 'a'), 'train', 2, 3, SMALL, False)
    write_mot_split(str(tmp_path / 'b'), 'train', 2, 3, SMALL, False)
    write_mot_split(str(tmp_path / 'c'), 'train', 2, 4, SMALL, False)
    assert _digest(tmp_path / 'a') == _digest(tmp_path / 'b')
    assert _digest(tmp_path / 'a') != _digest(tmp_path / 'c')


def test_mot_layout_is_readable_by_the_benchmark_readers(tmp_path):
    stats = write_mot_split(str(tmp_path), 'train', 1, 0, SMALL, False)
    seq_dir = tmp_path / 'train' / 'SYN-01-SIM'
    assert sorted(os.listdir(seq_dir)) == ['det', 'gt', 'img1',
                                           'seqinfo.ini']
    info = read_seqinfo(str(seq_dir))
    assert (info.seq_length, info.width, info.height) == (12, 160, 96)
    assert sorted(os.listdir(seq_dir / 'img1'))[0] == '000001.jpg'
    assert len(os.listdir(seq_dir / 'img1')) == 12
    gt = read_mot_txt(str(seq_dir / 'gt' / 'gt.txt'), 'gt', info)
    det = read_mot_txt(str(seq_dir / 'det' / 'det.txt'), 'det', info)
    n_gt = sum(len(v) for v in gt.values())
    assert n_gt == stats[0]['gt_boxes']
    assert sum(len(v) for v in det.values()) == stats[0]['detections']
    for recs in gt.values():
        for r in recs:
            assert 0 <= r.visibility <= 1 and r.category_id == 1
    for recs in det.values():
        for r in recs:
            assert 0 < r.conf < 1 and r.track_id == -1
    # no temporary folder is left behind
    assert not [d for d in os.listdir(tmp_path / 'train')
                if d.startswith('.')]


def test_objects_move_enter_and_leave():
    cfg = SMALL.updated(num_frames=150, spawn_rate=0.2, speed=(2.0, 3.0))
    frames = list(simulate(cfg, 0))
    ids = [{o.id for o in f.objects} for f in frames]
    assert ids[-1] - ids[0], 'new objects must enter'
    assert ids[0] - ids[-1], 'objects must leave'
    first = {o.id: o.bbox for o in frames[0].objects}
    moved = [np.abs(o.bbox[:2] - first[o.id][:2]).sum()
             for o in frames[5].objects if o.id in first]
    assert np.mean(moved) > 3


def test_visibility_matches_depth_order_and_occluders():
    cfg = SMALL.updated(num_frames=40, max_objects=10, num_initial=8,
                        occlusion_rate=1.0, num_occluders=1)
    occluded = 0
    for frame in simulate(cfg, 1):
        for obj in frame.objects:
            visible = frame.visible_mask(obj).sum()
            assert visible <= obj.bbox[2] * obj.bbox[3]
            if obj.visibility < 1:
                occluded += 1
            if obj.visibility == 0:
                assert visible == 0
    assert occluded > 0


def test_detector_noise_misses_grow_with_occlusion():
    cfg = get_preset('default')
    rng = np.random.default_rng(0)
    seen = {True: [0, 0], False: [0, 0]}  # occluded?: [detected, total]
    for frame in simulate(cfg.updated(num_frames=60), 2):
        for obj in frame.objects:
            dets = simulate_detections([obj], cfg.updated(det_fp_rate=0), rng)
            key = obj.visibility < 0.6
            seen[key][0] += len(dets)
            seen[key][1] += 1
    rate = {k: d / max(n, 1) for k, (d, n) in seen.items()}
    assert seen[True][1] > 20 and rate[True] < rate[False] - 0.2


def test_lookalikes_share_the_pattern():
    # with lookalike_rate=1 every object after the first copies an earlier
    cfg = SMALL.updated(lookalike_rate=1.0, num_initial=5)
    apps = SceneSimulator(cfg, np.random.default_rng(5)).appearances
    assert all(a.texture == apps[0].texture and a.shape == apps[0].shape
               for a in apps)
    assert np.abs(apps[1].colors.astype(int) -
                  apps[0].colors.astype(int)).max() <= 24


def test_presets_and_validation():
    assert set(PRESETS) == {'easy', 'default', 'hard', 'vis', 'motion',
                            'stay', 'pose'}
    # stay: the same people in every frame, nobody enters
    frames = list(simulate(get_preset('stay').updated(num_frames=120), 4))
    ids = [{o.id for o in f.objects} for f in frames]
    assert all(i == ids[0] for i in ids) and len(ids[0]) == 5
    assert PRESETS['hard'].max_objects > PRESETS['easy'].max_objects
    # vis: few objects that fill a large part of the small frame
    for frame in simulate(get_preset('vis'), 3):
        assert frame.image.shape == (192, 320, 3)
        assert 1 <= len(frame.objects) <= 5
        heights = [o.bbox[3] for o in frame.objects]
        assert all(50 <= h <= 140 for h in heights)
    with pytest.raises(ValueError, match='occlusion_rate'):
        SMALL.updated(occlusion_rate=2)
    with pytest.raises(ValueError, match='unknown scene options'):
        SMALL.updated(colour='red')
    with pytest.raises(KeyError, match='unknown preset'):
        get_preset('medium')


def test_masks_youtubevis_and_coco_in_the_real_formats(tmp_path):
    """The files differ from YouTube-VIS 2019's train.json and COCO 2017's
    instances_train2017.json only in their pictures: the benchmarks' own
    category lists, uncompressed RLE for the videos, polygons for the
    images."""
    vis = write_youtubevis(str(tmp_path), 'valid', 2, 9, SMALL, progress=False)
    data = json.load(open(vis))
    assert [(c['id'], c['name']) for c in data['categories']][:6] == [
        (1, 'person'), (2, 'giant_panda'), (3, 'lizard'), (4, 'parrot'),
        (5, 'skateboard'), (6, 'sedan')]
    assert len(data['categories']) == 40
    assert data['categories'][39] == dict(supercategory='object', id=40,
                                          name='tennis_racket')
    # person, skateboard, sedan, dog
    assert {a['category_id'] for a in data['annotations']} <= {1, 5, 6, 8}
    assert len(data['videos']) == 2 and data['videos'][0]['length'] == 12
    assert data['videos'][1]['file_names'][0] == '0009000001/00000.jpg'
    ann = data['annotations'][0]
    assert len(ann['segmentations']) == 12
    t = next(i for i, s in enumerate(ann['segmentations']) if s)
    segm = ann['segmentations'][t]
    assert segm['size'] == [96, 160]
    assert all(isinstance(c, int) for c in segm['counts'])
    m = mask_utils.decode(mask_utils.frPyObjects(segm, 96, 160))
    assert m.shape == (96, 160) and m.sum() == ann['areas'][t]
    x, y, w, h = ann['bboxes'][t]
    ys, xs = np.nonzero(m)
    assert (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1) == \
        (x, y, x + w, y + h)
    frame = osp.join(tmp_path, 'valid', 'JPEGImages',
                     data['videos'][0]['file_names'][0])
    assert osp.isfile(frame)

    coco = json.load(open(write_coco_images(str(tmp_path), 'train2017', 3, 9,
                                            SMALL, progress=False)))
    assert [c['id'] for c in coco['categories']] == list(COCO2017_IDS)
    assert coco['categories'][2] == dict(supercategory='vehicle', id=3,
                                         name='car')
    assert coco['categories'][64] == dict(supercategory='electronic', id=74,
                                          name='mouse')
    # person, car, dog, skateboard
    assert {a['category_id'] for a in coco['annotations']} <= {1, 3, 18, 41}
    assert len(coco['images']) == 3 and len(coco['annotations']) > 0
    assert coco['images'][2]['file_name'] == '000000000003.jpg'
    assert osp.isfile(osp.join(tmp_path, 'train2017', '000000000003.jpg'))
    for ann in coco['annotations']:
        assert ann['iscrowd'] == 0 and all(
            len(p) >= 6 and len(p) % 2 == 0 for p in ann['segmentation'])
        rle = mask_utils.merge(mask_utils.frPyObjects(ann['segmentation'],
                                                      96, 160))
        assert mask_utils.area(rle) == ann['area']
        assert ann['bbox'] == mask_utils.toBbox(rle).tolist()


def test_uncompressed_rle_by_hand():
    """Column-major runs that start with zeros: [[1, 0], [1, 1]] reads
    1, 1, 0, 1 down the columns: no zeros, two ones, a zero, a one."""
    mask = np.array([[1, 0], [1, 1]], dtype=np.uint8)
    assert uncompressed_rle(mask) == dict(counts=[0, 2, 1, 1], size=[2, 2])
    assert uncompressed_rle(1 - mask) == dict(counts=[2, 1, 1], size=[2, 2])
    m = np.zeros((5, 7), dtype=np.uint8)
    m[1:4, 2:6] = 1
    rle = uncompressed_rle(m)
    assert (mask_utils.decode(mask_utils.frPyObjects(rle, 5, 7)) == m).all()


def test_polygons_rasterise_back_to_the_mask():
    """A 10x20 rectangle comes back exactly; a disc and a part cut in two
    by an occluder nearly so, the two parts as two polygons."""
    rect = np.zeros((40, 60), dtype=np.uint8)
    rect[10:20, 5:25] = 1
    disc = np.zeros((40, 60), dtype=np.uint8)
    cv2.circle(disc, (40, 20), 12, 1, -1)
    split = disc.copy()
    split[:, 39:42] = 0
    for mask, parts, min_iou in ((rect, 1, 1.0), (disc, 1, 0.95),
                                 (split, 2, 0.93)):
        polys = polygons(mask)
        assert len(polys) == parts
        back = mask_utils.decode(mask_utils.merge(
            mask_utils.frPyObjects(polys, 40, 60)))
        iou = (back & mask).sum() / (back | mask).sum()
        assert iou >= min_iou, iou


def test_pixel_noise_does_not_change_geometry():
    boxes = [[o.bbox.tolist() for o in f.objects]
             for f in simulate(SMALL.updated(noise_std=0.0), 4)]
    noisy = [[o.bbox.tolist() for o in f.objects]
             for f in simulate(SMALL.updated(noise_std=9.0), 4)]
    assert boxes == noisy


def test_youtubevis_frame_stride_keeps_every_kth_frame(tmp_path):
    """YouTube-VIS keeps every fifth frame: with a stride of 3 the video has
    num_frames frames named by their simulated frame number, and kept frame
    t is simulated frame 3t."""
    dense = json.load(open(write_youtubevis(
        str(tmp_path / 'dense'), 'valid', 1, 9, SMALL, progress=False)))
    sparse = json.load(open(write_youtubevis(
        str(tmp_path / 'sparse'), 'valid', 1, 9, SMALL, frame_stride=3,
        progress=False)))
    files = sparse['videos'][0]['file_names']
    assert len(files) == SMALL.num_frames
    assert files[:3] == ['0009000000/00000.jpg', '0009000000/00003.jpg',
                         '0009000000/00006.jpg']
    for t in range(SMALL.num_frames // 3):
        raw = f'0009000000/{3 * t:05d}.jpg'
        with open(tmp_path / 'dense' / 'valid' / 'JPEGImages' / raw,
                  'rb') as a, \
                open(tmp_path / 'sparse' / 'valid' / 'JPEGImages' / raw,
                     'rb') as b:
            assert a.read() == b.read()
    # the same objects' masks at kept frame t and dense frame 3t
    dense_masks = sorted(str(a['segmentations'][3]) for a in dense[
        'annotations'] if a['segmentations'][3])
    sparse_masks = sorted(str(a['segmentations'][1]) for a in sparse[
        'annotations'] if a['segmentations'][1])
    assert dense_masks == sparse_masks and dense_masks
    with pytest.raises(ValueError, match='frame_stride'):
        write_youtubevis(str(tmp_path), 'valid', 1, 9, SMALL, frame_stride=0)


def _box_digest(cfg, seed, frames):
    h = hashlib.sha256()
    for f in simulate(cfg, seed, num_frames=frames):
        for o in f.objects:
            h.update(np.array([o.id, *o.bbox, o.visibility]).round(6)
                     .tobytes())
    return h.hexdigest()[:16]


def test_motion_options_off_leave_the_earlier_scenes_unchanged():
    """Digests of the scenes before the motion options existed: at 0 they
    draw nothing, so every earlier corpus and measurement stands."""
    assert _box_digest(get_preset('default'), (0, 1), 60) == \
        'c570dddaf4a9caa4'
    assert _box_digest(get_preset('hard'), (0, 1), 60) == '6d1e612be72a0a08'
    assert _box_digest(get_preset('vis'), (0, 1), 60) == 'ce435374939ebb09'


def test_groups_walk_side_by_side():
    cfg = SceneConfig(num_initial=1, group_rate=1.0, spawn_rate=0.0,
                      max_objects=10)
    sim = SceneSimulator(cfg, np.random.default_rng(5))
    leader, *mates = sim.objects
    assert 1 <= len(mates) <= 2
    for mate in mates:
        assert (mate.vx, mate.vy, mate.speed) == (leader.vx, leader.vy,
                                                  leader.speed)
        assert 0.08 * leader.h - 1e-9 <= abs(mate.y - leader.y) or \
            mate.y in (mate.h / 2, cfg.height - mate.h / 2)  # clipped
        assert abs(mate.x - leader.x) <= 0.4 * leader.w
    # the cap on simultaneous objects holds for groups too
    capped = SceneSimulator(cfg.updated(max_objects=2),
                            np.random.default_rng(5))
    assert len(capped.objects) == 2


def test_stops_hold_the_position_then_walk_on():
    cfg = SceneConfig(num_initial=3, spawn_rate=0.0, stop_prob=1.0,
                      stop_frames=(3, 3), camera_jitter=0.0)
    boxes = [{o.id: o.bbox.copy() for o in f.objects}
             for f in simulate(cfg, 2, num_frames=6)]
    # frame 1 draws the stop; frames 1-4 stand (3 more frames); then a
    # new stop is drawn at once (stop_prob 1): nobody ever moves
    for t in range(1, 6):
        for i, box in boxes[t].items():
            assert np.allclose(box, boxes[0][i])
    moving = SceneConfig(num_initial=3, spawn_rate=0.0, camera_jitter=0.0)
    first, second = list(simulate(moving, 2, num_frames=2))
    assert any(not np.allclose(a.bbox, b.bbox)
               for a, b in zip(first.objects, second.objects))


def test_perspective_draws_nearer_people_larger():
    cfg = SceneConfig(num_initial=6, perspective=0.8, camera_jitter=0.0,
                      object_height=(60, 100))
    sim = SceneSimulator(cfg, np.random.default_rng(3))
    frame = next(sim.frames())
    by_id = {o.id: o for o in sim.objects}
    for fo in frame.objects:
        obj = by_id[fo.id]
        s = 1 + 0.8 * (obj.y / cfg.height - 0.5)
        assert fo.bbox[3] == max(2, int(round(obj.h * s)))
    assert get_preset('motion').perspective > 0
    with pytest.raises(ValueError, match='perspective'):
        SceneConfig(perspective=2.5)
