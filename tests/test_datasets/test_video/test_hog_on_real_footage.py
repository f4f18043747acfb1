"""OpenCV's HOG detector on real footage with ground truth (TUD, MOT15): the
boxes it writes must be the people's, at any size (issue 40)."""
import cv2
import numpy as np
from scipy.optimize import linear_sum_assignment

from conftest import read_tud_frames
from mmtrack_unsup.datasets.video import HOGPeopleDetector


def _iou(a, b):
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(rb - lt, 0, None), axis=2)
    area = lambda x: np.prod(x[:, 2:] - x[:, :2], axis=1)  # noqa: E731
    return inter / (area(a)[:, None] + area(b)[None] - inter)


def on_person_overlaps(dets, people):
    """One-to-one pairs of detections and people whose centres lie within
    a quarter of the person's height (a detection *on* that person,
    whatever its extent); returns each pair's IoU."""
    if len(dets) == 0 or len(people) == 0:
        return np.zeros(0)
    centre = lambda x: (x[:, :2] + x[:, 2:]) / 2  # noqa: E731
    dist = np.linalg.norm(centre(dets)[:, None] - centre(people)[None],
                          axis=2) / (people[:, 3] - people[:, 1])[None]
    rows, cols = linear_sum_assignment(dist)
    near = dist[rows, cols] < 0.25
    return _iou(dets, people)[rows[near], cols[near]]


def test_hog_boxes_describe_the_people(tud_root):
    det = HOGPeopleDetector()
    overlaps, num_people = [], 0
    for seq, frames in (('TUD-Stadtmitte', (1, 90, 179)),
                        ('TUD-Campus', (1, 70))):
        for img, people in read_tud_frames(tud_root, seq, frames):
            overlaps.append(on_person_overlaps(det(img, 0).bboxes, people))
            num_people += len(people)
    overlaps = np.concatenate(overlaps)
    assert len(overlaps) >= num_people / 2  # HOG finds most of them
    # a box on a person is that person's box (the 64x128 windows overlap
    # their person with IoU ~0.3 and fail here)
    assert (overlaps >= 0.5).mean() >= 0.8, overlaps.round(2)


def test_people_smaller_than_the_window_are_found(tud_root):
    """The frames scaled by 0.35: people of 40-80 px, below the 96 px person
    of HOG's window, are found because the frame is upscaled first."""
    found = {'default': 0, 'unscaled': 0}
    num_small = 0
    for img, people in read_tud_frames(tud_root, 'TUD-Stadtmitte', (1, 90)):
        small = cv2.resize(img, None, fx=0.35, fy=0.35)
        people = people * 0.35
        people = people[people[:, 3] - people[:, 1] < 80]
        num_small += len(people)
        for name, det in (('default', HOGPeopleDetector()),
                          ('unscaled', HOGPeopleDetector(upscale=1.0))):
            overlaps = on_person_overlaps(det(small, 0).bboxes, people)
            found[name] += int((overlaps >= 0.5).sum())
    assert num_small >= 8
    assert found['default'] >= 0.4 * num_small, found
    assert found['default'] > 2 * found['unscaled'], found
