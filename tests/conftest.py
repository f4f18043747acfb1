"""Shared fixtures: tiny benchmark folders written in the real formats."""
import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


@pytest.fixture(autouse=True, scope='session')
def mmdet_scope():
    """Build components in mmdet's scope, as configs do with
    ``default_scope = 'mmdet'``, with the plugin's modules registered (as
    ``custom_imports`` does), whichever test runs alone."""
    from mmdet.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    import mmtrack_unsup  # noqa: F401

# Two MOT17-style sequences of 4 frames, 64x48 pixels. Lines follow
# https://motchallenge.net/instructions/ (gt: frame,id,x,y,w,h,conf,class,vis;
# det: frame,-1,x,y,w,h,score,-1,-1,-1).
MOT_GT = {
    'MOT17-02-FRCNN': [
        '1,1,2,3,10,20,1,1,1.0',
        '1,2,30,5,12,22,1,1,0.6',
        '2,1,3,3,10,20,1,1,1.0',
        '2,2,31,5,12,22,1,1,0.5',
        '3,1,4,3,10,20,1,1,0.9',
        '3,7,50,10,8,8,0,8,1.0',  # a distractor (class 8, conf 0)
        '4,1,5,3,10,20,1,1,0.9',
        '4,2,33,5,12,22,1,1,0.4',
    ],
    'MOT17-04-FRCNN': [
        '1,3,10,10,10,20,1,1,1.0',
        '2,3,11,10,10,20,1,1,1.0',
        # frame 3 has no objects
        '4,3,13,10,10,20,1,1,1.0',
    ],
}
MOT_DET = {
    'MOT17-02-FRCNN': [
        '1,-1,2.5,3.1,10.2,19.8,0.98,-1,-1,-1',
        '1,-1,30,5,12,22,0.91,-1,-1,-1',
        '2,-1,3,3,10,20,0.97,-1,-1,-1',
        # frame 3 has zero detections
        '4,-1,5,3,10,20,0.88,-1,-1,-1',
        '4,-1,33,5,12,22,0.42,-1,-1,-1',
    ],
    'MOT17-04-FRCNN': [
        '1,-1,10,10,10,20,0.9,-1,-1,-1',
        '2,-1,11,10,10,20,0.9,-1,-1,-1',
        '4,-1,13,10,10,20,0.9,-1,-1,-1',
    ],
}
SEQINFO = """[Sequence]
name={name}
imDir=img1
frameRate=30
seqLength=4
imWidth=64
imHeight=48
imExt=.jpg
"""


def write_mot_fixture(root: str) -> str:
    """Write ``root/train/SEQ/...`` in the MOT17 layout; returns ``root``."""
    rng = np.random.default_rng(0)
    for seq in MOT_GT:
        seq_dir = osp.join(root, 'train', seq)
        for sub in ('img1', 'gt', 'det'):
            os.makedirs(osp.join(seq_dir, sub), exist_ok=True)
        for t in range(1, 5):
            img = rng.integers(0, 255, (48, 64, 3)).astype(np.uint8)
            cv2.imwrite(osp.join(seq_dir, 'img1', f'{t:06d}.jpg'), img)
        with open(osp.join(seq_dir, 'seqinfo.ini'), 'w') as f:
            f.write(SEQINFO.format(name=seq))
        with open(osp.join(seq_dir, 'gt', 'gt.txt'), 'w') as f:
            f.write('\n'.join(MOT_GT[seq]) + '\n')
        with open(osp.join(seq_dir, 'det', 'det.txt'), 'w') as f:
            f.write('\n'.join(MOT_DET[seq]) + '\n')
    return root


@pytest.fixture
def mot_root(tmp_path):
    return write_mot_fixture(str(tmp_path / 'MOT17'))


# KITTI tracking: one sequence of 3 frames, 80x40 png; label lines are
# "frame id type trunc occ alpha x1 y1 x2 y2 h w l x y z ry".
KITTI_LABELS = [
    '0 0 Car 0 0 -1.79 10.0 5.0 40.0 35.0 1.5 1.6 3.9 -1 1.7 13 -1.5',
    '0 1 Van 0 1 -1.79 45.0 5.0 75.0 35.0 2.0 1.8 4.5 2 1.7 20 -1.5',
    '0 -1 DontCare -1 -1 -10 60.0 0.0 79.0 10.0 -1 -1 -1 -1000 -1000 -1000 -10',
    '1 0 Car 0 0 -1.79 12.0 5.0 42.0 35.0 1.5 1.6 3.9 -1 1.7 13 -1.5',
    '2 0 Car 1 0 -1.79 14.0 5.0 44.0 35.0 1.5 1.6 3.9 -1 1.7 13 -1.5',
    '2 2 Pedestrian 0 0 0.2 50.0 2.0 60.0 38.0 1.7 0.6 0.8 1 1.7 9 0.1',
]
KITTI_DETS = [
    '0 -1 Car 0 0 -10 10.5 5.2 40.1 35.3 -1 -1 -1 -1000 -1000 -1000 -10 0.95',
    '0 -1 Pedestrian 0 0 -10 50 2 60 38 -1 -1 -1 -1000 -1000 -1000 -10 0.7',
    '1 -1 Car 0 0 -10 12.2 5.0 42.0 35.0 -1 -1 -1 -1000 -1000 -1000 -10 0.9',
    '2 -1 Car 0 0 -10 14.0 5.0 44.0 35.0 -1 -1 -1 -1000 -1000 -1000 -10 0.8',
]


def write_kitti_fixture(root: str) -> str:
    img_dir = osp.join(root, 'training', 'image_02', '0000')
    os.makedirs(img_dir)
    os.makedirs(osp.join(root, 'training', 'label_02'))
    os.makedirs(osp.join(root, 'dets'))
    for t in range(3):
        cv2.imwrite(osp.join(img_dir, f'{t:06d}.png'),
                    np.full((40, 80, 3), 30 * t, np.uint8))
    with open(osp.join(root, 'training', 'label_02', '0000.txt'), 'w') as f:
        f.write('\n'.join(KITTI_LABELS) + '\n')
    with open(osp.join(root, 'dets', '0000.txt'), 'w') as f:
        f.write('\n'.join(KITTI_DETS) + '\n')
    return root


@pytest.fixture
def kitti_root(tmp_path):
    return write_kitti_fixture(str(tmp_path / 'kitti'))


def make_synthetic_mot(root: str, train_seqs: int, test_seqs: int,
                       num_frames: int) -> str:
    """A small converted synthetic corpus in the MOT17 layout (easy preset,
    320x192), made by the real CLI."""
    import sys
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    main([root, '--mot', '--convert', '--preset', 'easy', '--train-seqs',
          str(train_seqs), '--test-seqs', str(test_seqs), '--no-progress',
          '--set', f'num_frames={num_frames}', 'width=320', 'height=192',
          'object_height=[30,70]'])
    return root


@pytest.fixture(scope='session')
def synthetic_mot_root(tmp_path_factory):
    """2 held-out test sequences of 40 frames (seed 1000)."""
    return make_synthetic_mot(str(tmp_path_factory.mktemp('synthetic_mot')),
                              0, 2, 40)


@pytest.fixture(scope='session')
def synthetic_coco_root(tmp_path_factory):
    """Six labeled synthetic images (COCO json) for detector training."""
    from mmtrack_unsup.datasets.synthetic import (SceneConfig,
                                                  write_coco_images)
    root = str(tmp_path_factory.mktemp('synthetic_coco'))
    write_coco_images(root, 'train2017', 6, 0,
                      SceneConfig(width=160, height=96,
                                  object_height=(20, 50)), progress=False)
    return root


def write_video(path: str, frames, fps: float = 25.0) -> str:
    """Encode BGR ``frames`` as an MJPG .avi (OpenCV's built-in codec)."""
    frames = list(frames)
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'MJPG'), fps,
                             (w, h))
    assert writer.isOpened(), path
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture(scope='session')
def own_videos(synthetic_mot_root, tmp_path_factory):
    """A user's folder of unlabeled videos: the synthetic held-out sequences
    encoded as .avi files (40 frames, 320x192), and beside it a folder of
    their detections in the MOTChallenge format, VIDEO_NAME.txt. No ground
    truth is in either folder."""
    import shutil
    root = tmp_path_factory.mktemp('own_videos')
    video_dir, det_dir = root / 'videos', root / 'dets'
    video_dir.mkdir()
    det_dir.mkdir()
    test_dir = osp.join(synthetic_mot_root, 'test')
    for seq in sorted(os.listdir(test_dir)):
        img_dir = osp.join(test_dir, seq, 'img1')
        frames = [cv2.imread(osp.join(img_dir, f))
                  for f in sorted(os.listdir(img_dir))]
        write_video(str(video_dir / f'{seq}.avi'), frames)
        shutil.copy(osp.join(test_dir, seq, 'det', 'det.txt'),
                    det_dir / f'{seq}.txt')
    return str(video_dir), str(det_dir)


# Real-format COCO 2017 and YouTube-VIS 2019 annotation files
RLE = {'size': [4, 4], 'counts': '02208'}


def write_coco_overlap(root):
    """instances_train2017.json: one 64x64 image per class shared with
    YouTube-VIS, one box of that class each, categories as COCO lists
    them."""
    from mmtrack_unsup.datasets.benchmark_categories import \
        coco2017_categories
    from mmtrack_unsup.datasets.converters import YTVIS2019_COCO_OVERLAP
    cats = coco2017_categories()
    id_of = {c['name']: c['id'] for c in cats}
    images, anns = [], []
    for k, name in enumerate(YTVIS2019_COCO_OVERLAP.values(), 1):
        images.append(dict(id=k, file_name=f'{k:012d}.jpg', width=64,
                           height=64))
        anns.append(dict(id=k, image_id=k, category_id=id_of[name],
                         bbox=[0, 0, 40, 40], area=1600, iscrowd=0,
                         segmentation=[[0, 0, 40, 0, 40, 40, 0, 40]]))
    os.makedirs(osp.join(root, 'annotations'))
    with open(osp.join(root, 'annotations', 'instances_train2017.json'),
              'w') as f:
        json.dump(dict(images=images, annotations=anns, categories=cats), f)
    return {c['id']: c['name'] for c in cats}


def write_ytvis2019(root):
    """train.json: one 1-frame video per YouTube-VIS 2019 category, split
    and converted as configs/solo_track.py's evaluation file."""
    from mmtrack_unsup.datasets.benchmark_categories import \
        ytvis2019_categories
    from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                                   convert_youtubevis,
                                                   split_youtubevis)
    cats = ytvis2019_categories()
    videos = [dict(id=v, width=4, height=4, length=1,
                   file_names=[f'v{v}/00000.jpg']) for v in range(1, 41)]
    anns = [dict(id=v, video_id=v, category_id=v, iscrowd=0,
                 bboxes=[[0, 0, 2, 2]], segmentations=[RLE], areas=[4])
            for v in range(1, 41)]
    os.makedirs(osp.join(root, 'annotations'))
    src = osp.join(root, 'train.json')
    with open(src, 'w') as f:
        json.dump(dict(videos=videos, categories=cats, annotations=anns), f)
    ann = osp.join(root, 'annotations')
    split_youtubevis(src, osp.join(ann, 'train_split.json'),
                     osp.join(ann, 'heldout_split.json'), 20,
                     list(YTVIS2019_COCO_OVERLAP))
    out = convert_youtubevis(osp.join(ann, 'heldout_split.json'),
                             osp.join(ann, 'ytvis2019_coco20_heldout.json'),
                             categories=list(YTVIS2019_COCO_OVERLAP))
    return {c['id']: c['name'] for c in out['categories']}


def make_solo_confident(head):
    """Category logits 0 (scores 0.5) and mask logits 1 (every pixel in):
    an untrained SOLO head then keeps instances, so the cycle loss has
    valid cells; the valid-cell score threshold is lifted."""
    import torch
    torch.nn.init.zeros_(head.conv_cls.bias)
    for conv in head.conv_mask_list:
        torch.nn.init.constant_(conv.bias, 1.0)
    head.valid_score_thr = None
    return head


# Real pedestrian footage with ground truth (TUD-Campus, TUD-Stadtmitte of
# MOT15), read where the project's machines keep it; never copied into the
# repository (its licence is non-commercial). MMTRACK_UNSUP_TUD points
# elsewhere.
TUD_ROOT = os.environ.get('MMTRACK_UNSUP_TUD',
                          osp.join(osp.dirname(REPO), 'shared', 'data',
                                   'tud'))


@pytest.fixture(scope='session')
def tud_root():
    if not osp.isfile(osp.join(TUD_ROOT, 'TUD-Stadtmitte', 'gt', 'gt.txt')):
        pytest.skip(f'real footage not found at {TUD_ROOT} (set '
                    'MMTRACK_UNSUP_TUD)')
    return TUD_ROOT


def read_tud_frames(root: str, seq: str, frames):
    """The BGR frames (1-based numbers) of a TUD sequence with their ground
    truth boxes, x1y1x2y2: ``[(img, boxes), ...]``."""
    gt = np.loadtxt(osp.join(root, seq, 'gt', 'gt.txt'), delimiter=',',
                    ndmin=2)
    cap = cv2.VideoCapture(osp.join(root, seq, 'video.mp4'))
    out, t = [], 0
    wanted = set(frames)
    while wanted:
        ok, img = cap.read()
        assert ok, f'{seq}: video ends before frame {min(wanted)}'
        t += 1
        if t in wanted:
            rows = gt[gt[:, 0] == t, 2:6]
            out.append((img, np.c_[rows[:, :2], rows[:, :2] + rows[:, 2:]]))
            wanted.discard(t)
    cap.release()
    return out


def no_loader_workers(loaders) -> list:
    """--cfg-options that load data in the main process (tests)."""
    return [f'{loader}.{key}' for loader in loaders
            for key in ('num_workers=0', 'persistent_workers=False')]


def free_port() -> int:
    """A TCP port nobody listens on (for torchrun's rendezvous)."""
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def save_initial_checkpoint(config: str, path: str, scope: str = 'mmdet',
                            adjust=None) -> str:
    """The config's model, built with seed 0 (no pretrained weights
    loaded), saved as a checkpoint ``tools/test.py`` accepts; ``adjust``
    may change the model first (e.g. :func:`make_solo_confident`)."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import MODELS, DefaultScope
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(scope):
        model = MODELS.build(Config.fromfile(config).model)
    if adjust is not None:
        adjust(model)
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return path


def run_test_tool(config: str, work_dir: str, options, nproc: int = 1,
                      checkpoint=None) -> dict:
    """Run ``tools/test.py`` (``nproc`` 1) or ``tools/dist_test.sh``
    (``nproc`` processes under torchrun; gloo on a machine without CUDA) as
    a user launches them; return the metrics the log prints, as strings."""
    import glob
    import re
    import subprocess
    import sys
    args = ['--work-dir', work_dir]
    if checkpoint is not None:
        args += ['--checkpoint', checkpoint]
    args += ['--cfg-options', *options]
    if nproc == 1:
        cmd = [sys.executable, osp.join(REPO, 'tools', 'test.py'), config]
    else:
        cmd = ['bash', osp.join(REPO, 'tools', 'dist_test.sh'), config,
               str(nproc)]
    env = dict(os.environ, PORT=str(free_port()), OMP_NUM_THREADS='1')
    proc = subprocess.run(cmd + args, cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work_dir, '*', '*.log')))[-1]).read()
    if nproc > 1:
        assert 'Distributed launcher: pytorch' in log or \
            'Distributed training: True' in log, log[:3000]
    # the last test line: Epoch(test) or Iter(test), as the config's loop
    line = [x for x in log.splitlines()
            if re.search(r'(Epoch|Iter)\(test\)', x)][-1]
    metrics = dict(re.findall(r'(\S+): (-?[0-9.]+|nan)',
                              re.split(r'\(test\)', line)[1]))
    return {k: v for k, v in metrics.items() if not k.endswith('time')}


def metrics_in_1_and_2_processes(config: str, tmp_path, options,
                                 checkpoint=None) -> tuple:
    """:func:`run_test_tool` in 1 process and in 2: both metric dicts."""
    return tuple(run_test_tool(config, str(tmp_path / f'nproc{n}'), options,
                               n, checkpoint) for n in (1, 2))


TINY_FASTER_RCNN = '''_base_ = 'mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py'
model = dict(
    backbone=dict(depth=18, init_cfg=None),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=32),
    rpn_head=dict(in_channels=32, feat_channels=32),
    roi_head=dict(bbox_roi_extractor=dict(out_channels=32),
                  bbox_head=dict(in_channels=32, fc_out_channels=64)))
test_dataloader = dict(dataset=dict(pipeline=[
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(320, 192), keep_ratio=True),
    dict(type='PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape',
                                          'img_shape', 'scale_factor'))]))
'''


def write_tiny_faster_rcnn(folder: str):
    """mmdet's Faster R-CNN FPN config made small (R-18, 32 channels, test
    input 320 x 192) and its random weights (seed 0) with COCO's classes, as
    a user's config and checkpoint: ``(config, checkpoint)``."""
    import torch
    from mmdet.datasets import CocoDataset
    from mmdet.registry import MODELS
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    config = osp.join(folder, 'faster-rcnn_r18_fpn_tiny.py')
    with open(config, 'w') as f:
        f.write(TINY_FASTER_RCNN)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(Config.fromfile(config).model)
    ckpt = osp.join(folder, 'faster-rcnn_r18_fpn_tiny.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict(
        dataset_meta=dict(classes=CocoDataset.METAINFO['classes']))), ckpt)
    return config, ckpt
