"""tools/analysis_tools/artificial_detections.py: how often the artificial
crops of training show an object of the clip, looked up in ground truth."""
import os.path as osp
import sys

import numpy as np

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
import artificial_detections  # noqa: E402


def test_object_of_finds_the_annotated_object_or_none():
    gt = {'a.jpg': (np.array([[0, 0, 10, 20], [30, 0, 40, 20]], np.float32),
                    np.array([7, 8]))}
    assert artificial_detections.object_of(
        gt, 'a.jpg', np.array([31, 1, 40, 20])) == 8
    assert artificial_detections.object_of(
        gt, 'a.jpg', np.array([12, 0, 28, 20])) is None  # between the two
    assert artificial_detections.object_of(
        gt, 'missing.jpg', np.array([0, 0, 10, 20])) is None


def test_far_frames_show_the_clips_people_background_shows_nobody(
        synthetic_mot_root, capsys):
    """The synthetic held-out split: the same few walkers for 40 frames, so
    the paper's far-frame crops often show someone in the clip; background
    crops lie where no detection is, so they almost never show anyone."""
    rows = artificial_detections.main([
        synthetic_mot_root, '--split', 'test', '--clips', '60',
        '--far-gap', '5', '--clip-len', '2', '6',
        '--artificial-source', 'far_frames', 'background'])
    far, background = rows
    for row in rows:
        assert row['crops'] > 50
        assert row['crops'] == (row['in_clip'] + row['other_object'] +
                                row['no_object'])
    assert far['in_clip'] / far['crops'] > 0.3
    assert background['in_clip'] / background['crops'] < 0.1
    assert background['no_object'] > 0.8 * background['crops']
    table = capsys.readouterr().out
    assert f'| {synthetic_mot_root} | far_frames | {far["crops"]} |' in table
