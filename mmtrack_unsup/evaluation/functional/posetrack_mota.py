"""PoseTrack's multi-person pose tracking MOTA (Fu et al., Sec. 4.4, Table 4),
computed as the benchmark's evaluation kit (poseval) computes it.

Every body joint is tracked as an object of its own. In each frame the
annotated joints of the ground-truth people are the objects, the predicted
joints of the tracked people the hypotheses, and a pair may match when the
predicted joint lies within ``dist_thr`` (0.5) of the annotated one in units
of the person's head size (PCKh: 0.6 x the diagonal of the head box). CLEAR
MOT counts (misses, false positives, identity switches) are accumulated per
joint and per video with motmetrics, summed over videos; a joint's MOTA is
1 - (misses + false positives + switches) / annotated joints, and the total
is the mean over the joints that have annotations.

Two details of poseval are kept, as options that are on by default so that
the numbers compare with published ones:

* ``skip_last_frame``: poseval leaves each video's last annotated frame out
  of the tracking metrics.
* ``empty_frame_placeholder``: in a frame without ground-truth people or
  without predicted people, poseval scores, for every joint, one placeholder
  object against one placeholder hypothesis that cannot match (one miss and
  one false positive per joint) instead of the frame's real objects or
  hypotheses. Placeholders here get the identity -1, which real tracks (ids
  >= 0, checked) cannot have.
"""
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import motmetrics as mm
import numpy as np

_COUNTS = ('num_objects', 'num_misses', 'num_false_positives',
           'num_switches', 'num_detections')
_PLACEHOLDER = -1  # track ids are >= 0


@dataclass
class JointFrame:
    """One annotated frame: ground-truth and predicted people.

    Attributes:
        gt_ids (np.ndarray): (G, ) track ids of the annotated people.
        gt_keypoints (np.ndarray): (G, J, 2) joint positions (x, y).
        gt_visible (np.ndarray): (G, J) bool, the joint is annotated.
        head_boxes (np.ndarray): (G, 4) head boxes (x1, y1, x2, y2).
        pred_ids (np.ndarray): (P, ) predicted track ids.
        pred_keypoints (np.ndarray): (P, J, 2).
        pred_visible (np.ndarray): (P, J) bool, the joint is predicted.
        pred_scores (np.ndarray, optional): (P, J) the predicted joints'
            confidences (for AP, :func:`posetrack_ap`).
    """
    gt_ids: np.ndarray
    gt_keypoints: np.ndarray
    gt_visible: np.ndarray
    head_boxes: np.ndarray
    pred_ids: np.ndarray
    pred_keypoints: np.ndarray
    pred_visible: np.ndarray
    pred_scores: Optional[np.ndarray] = None


def head_size(head_boxes: np.ndarray) -> np.ndarray:
    """PCKh's reference length: 0.6 x the head box's diagonal."""
    boxes = np.asarray(head_boxes, dtype=float).reshape(-1, 4)
    return 0.6 * np.hypot(boxes[:, 2] - boxes[:, 0],
                          boxes[:, 3] - boxes[:, 1])


def _joint_update(frame: JointFrame, joint: int, dist_thr: float,
                  placeholder: bool):
    """(object ids, hypothesis ids, distances with NaN = cannot match) of
    one joint in one frame."""
    gt = np.flatnonzero(np.asarray(frame.gt_visible, bool)[:, joint]) \
        if len(frame.gt_ids) else np.zeros(0, int)
    pr = np.flatnonzero(np.asarray(frame.pred_visible, bool)[:, joint]) \
        if len(frame.pred_ids) else np.zeros(0, int)
    if placeholder and (len(frame.gt_ids) == 0 or len(frame.pred_ids) == 0):
        return [_PLACEHOLDER], [_PLACEHOLDER], np.full((1, 1), np.nan)
    g = np.asarray(frame.gt_keypoints, float)[gt, joint]
    p = np.asarray(frame.pred_keypoints, float)[pr, joint]
    dist = np.linalg.norm(g[:, None] - p[None], axis=-1) / \
        head_size(frame.head_boxes)[gt][:, None]
    dist[~(dist <= dist_thr)] = np.nan
    return ([int(i) for i in np.asarray(frame.gt_ids)[gt]],
            [int(i) for i in np.asarray(frame.pred_ids)[pr]], dist)


def posetrack_mota(videos: Sequence[List[JointFrame]],
                   num_joints: int,
                   joints: Optional[Sequence[int]] = None,
                   dist_thr: float = 0.5,
                   skip_last_frame: bool = True,
                   empty_frame_placeholder: bool = True) -> Dict:
    """Per-joint and total MOTA over videos of annotated frames.

    Joints not scored get NaN MOTA and zero counts.

    Args:
        videos: Each video's annotated frames, in order.
        num_joints (int): J.
        joints (Sequence[int], optional): The joints scored (default all).
            poseval scores PoseTrack18's 15 annotated joints; its ears are
            never annotated, and with the placeholders of empty frames an
            unannotated joint would still get misses and false positives.
        dist_thr (float): Match radius in head sizes (PCKh@0.5).
        skip_last_frame (bool): See the module docstring.
        empty_frame_placeholder (bool): See the module docstring.

    Returns:
        dict: ``mota`` (J, ) per joint (NaN for a joint never annotated),
        ``total`` (mean of the finite ones), and the summed counts
        ``num_objects``, ``num_misses``, ``num_false_positives``,
        ``num_switches``, ``num_detections``, each (J, ).
    """
    for v, frames in enumerate(videos):
        for t, frame in enumerate(frames):
            for side in ('gt_ids', 'pred_ids'):
                if (np.asarray(getattr(frame, side)) < 0).any():
                    raise ValueError(f'video {v} frame {t}: {side} must be '
                                     '>= 0')
    totals = {name: np.zeros(num_joints) for name in _COUNTS}
    metrics = mm.metrics.create()
    for frames in videos:
        frames = list(frames)[:-1] if skip_last_frame else list(frames)
        for j in (range(num_joints) if joints is None else joints):
            acc = mm.MOTAccumulator(auto_id=True)
            for frame in frames:
                acc.update(*_joint_update(frame, j, dist_thr,
                                          empty_frame_placeholder))
            counts = metrics.compute(acc, metrics=list(_COUNTS),
                                     return_dataframe=False)
            for name in _COUNTS:
                totals[name][j] += counts[name]
    with np.errstate(divide='ignore', invalid='ignore'):
        errors = (totals['num_misses'] + totals['num_false_positives'] +
                  totals['num_switches'])
        mota = np.where(totals['num_objects'] > 0,
                        1 - errors / totals['num_objects'], np.nan)
    finite = mota[np.isfinite(mota)]
    return dict(mota=mota,
                total=float(finite.mean()) if len(finite) else float('nan'),
                **totals)
