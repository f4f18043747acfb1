"""The domain-gap option of the synthetic VIS corpus (issue 34): video
frames are degraded as video frames differ from labeled stills; the scenes,
masks and images stay those of the corpus without it."""
import json
import os
import os.path as osp
import sys

import cv2
import numpy as np
import pytest

from conftest import REPO
from mmtrack_unsup.datasets.synthetic import VIDEO_DOMAINS, VideoDomain


def _sharpness(img):
    return float(cv2.Laplacian(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY),
                               cv2.CV_64F).var())


def test_each_degradation_does_what_it_says():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 255, (64, 96, 3), np.uint8)
    kernel = VideoDomain(motion_blur=7).blur_kernel(rng)
    assert kernel.shape == (7, 7) and abs(kernel.sum() - 1) < 1e-5
    assert np.array_equal(VideoDomain().apply(img, kernel), img)
    blurred = VideoDomain(motion_blur=7).apply(img, kernel)
    small = VideoDomain(downscale=0.5).apply(img, kernel)
    for out in (blurred, small):
        assert out.shape == img.shape
        assert _sharpness(out) < 0.5 * _sharpness(img)
    flat = np.full((8, 8, 3), 100, np.uint8)
    shifted = VideoDomain(colour_gain=(1.2, 1.0, 0.5),
                          brightness=-10).apply(flat, kernel)
    assert shifted[0, 0].tolist() == [110, 90, 40]
    dark = VideoDomain(gamma=2.0).apply(flat, kernel)
    assert dark[0, 0, 0] == round(255 * (100 / 255) ** 2)
    jpeg = VideoDomain(jpeg_quality=10).apply(img, kernel)
    assert 0 < np.abs(jpeg.astype(int) - img).mean()
    with pytest.raises(ValueError, match='invalid video domain'):
        VideoDomain(downscale=0)
    with pytest.raises(KeyError, match='unknown video domain keys'):
        VideoDomain().updated(blur=3)


def _write(root, *extra):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    main([root, '--coco-images', '2', '--vis-videos', '2', '--no-progress',
          '--set', 'width=160', 'height=96', 'object_height=[20,50]',
          'num_frames=3', *extra])


def test_gap_degrades_video_frames_only(tmp_path):
    plain, gap = str(tmp_path / 'plain'), str(tmp_path / 'gap')
    _write(plain)
    _write(gap, '--video-domain', 'gap', '--video-domain-set',
           'jpeg_quality=40')
    ann = 'youtube_vis_2019/train.json'
    a, b = (json.load(open(osp.join(r, ann))) for r in (plain, gap))
    # same scenes and masks; the file records the degradation
    assert a['annotations'] == b['annotations']
    assert a['videos'] == b['videos']
    assert b['info']['video_domain'] == dict(
        vars(VIDEO_DOMAINS['gap'].updated(jpeg_quality=40)),
        colour_gain=list(VIDEO_DOMAINS['gap'].colour_gain))
    frames = [f for v in a['videos'] for f in v['file_names']]
    for f in frames:
        x = cv2.imread(osp.join(plain, 'youtube_vis_2019/train/JPEGImages',
                                f))
        y = cv2.imread(osp.join(gap, 'youtube_vis_2019/train/JPEGImages',
                                f))
        assert x.shape == y.shape
        assert _sharpness(y) < 0.5 * _sharpness(x)
    # the labeled images are untouched
    coco = 'coco/train2017'
    for name in sorted(os.listdir(osp.join(plain, coco))):
        assert np.array_equal(cv2.imread(osp.join(plain, coco, name)),
                              cv2.imread(osp.join(gap, coco, name)))


def test_video_scene_fields_apply_to_videos_only(tmp_path):
    small = str(tmp_path / 'small')
    _write(small, '--video-set', 'object_height=[10,20]')
    vis = json.load(open(osp.join(small, 'youtube_vis_2019/train.json')))
    heights = [b[3] for t in vis['annotations'] for b in t['bboxes'] if b]
    coco = json.load(open(osp.join(small, 'coco/annotations/'
                                   'instances_train2017.json')))
    # objects 10-20 px tall in the videos, 20-50 in the images (boxes of
    # partly hidden objects are shorter still)
    assert heights and max(heights) <= 25
    assert np.median([a['bbox'][3] for a in coco['annotations']]) > 20
