"""PoseTrack's multi-person pose AP (Fu et al., Sec. 4.1, Table 4), computed as
the benchmark's evaluation kit (poseval) computes it.

In each frame, every predicted person is first paired with the annotated
person whose annotated joints it hits most often (PCKh: within ``dist_thr``
head sizes), as a fraction of that person's annotated joints; each annotated
person then keeps the predicted person with the highest such fraction, if
above 0. Every predicted joint is a detection scored by its confidence: a
true positive when its person is kept by an annotated person and the joint
lies within the radius of that person's joint, a false positive otherwise.
Per joint, AP is the area under the precision/recall curve over all frames
(VOC's all-point interpolation), recall counted against the annotated
joints; the total is the mean over the scored joints.
"""
from typing import Dict, Optional, Sequence

import numpy as np

from .posetrack_mota import JointFrame, head_size


def _frame_detections(frame: JointFrame, dist_thr: float):
    """(P, J) true-positive flags of the predicted joints of one frame."""
    gt_vis = np.asarray(frame.gt_visible, bool)
    pr_vis = np.asarray(frame.pred_visible, bool)
    num_pred = len(frame.pred_ids)
    hits = np.zeros(pr_vis.shape, bool)
    if num_pred == 0 or len(frame.gt_ids) == 0:
        return hits
    gt = np.asarray(frame.gt_keypoints, float)
    pr = np.asarray(frame.pred_keypoints, float)
    # (P, G, J) distances in head sizes where both joints exist
    dist = np.linalg.norm(pr[:, None] - gt[None], axis=-1) / \
        head_size(frame.head_boxes)[None, :, None]
    both = pr_vis[:, None] & gt_vis[None]
    match = both & (dist <= dist_thr)
    annotated = gt_vis.sum(1)
    pck = match.sum(2) / np.maximum(annotated, 1)[None]
    pck[:, annotated == 0] = 0
    # each prediction keeps its best annotated person only (first on ties)
    keep = np.zeros_like(pck)
    best = pck.argmax(1)
    keep[np.arange(num_pred), best] = pck[np.arange(num_pred), best]
    # each annotated person keeps its best remaining prediction, if any
    pred_of_gt = keep.argmax(0)
    for g, p in enumerate(pred_of_gt):
        if keep[p, g] > 0:
            hits[p] = match[p, g]
    return hits & pr_vis


def average_precision(scores: np.ndarray, labels: np.ndarray,
                      num_positives: float) -> float:
    """VOC all-point AP of detections (scores, 0/1 labels) against
    ``num_positives``; NaN without positives."""
    if num_positives == 0:
        return float('nan')
    if len(scores) == 0:
        return 0.0
    order = np.argsort(-np.asarray(scores, float), kind='stable')
    tp = np.cumsum(np.asarray(labels, float)[order])
    recall = tp / num_positives
    precision = tp / np.arange(1, len(order) + 1)
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[0.0], precision, [0.0]])
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    step = np.flatnonzero(mrec[1:] != mrec[:-1]) + 1
    return float(np.sum((mrec[step] - mrec[step - 1]) * mpre[step]))


def posetrack_ap(frames: Sequence[JointFrame], num_joints: int,
                 joints: Optional[Sequence[int]] = None,
                 dist_thr: float = 0.5) -> Dict:
    """Per-joint and total AP over annotated frames (of any videos).

    Each frame needs ``pred_scores`` (P, J): the predicted joints'
    confidences.

    Returns:
        dict: ``ap`` (J, ), NaN for a joint not scored or never annotated;
        ``total``, the mean of the finite ones.
    """
    scores = [[] for _ in range(num_joints)]
    labels = [[] for _ in range(num_joints)]
    positives = np.zeros(num_joints)
    for t, frame in enumerate(frames):
        if frame.pred_scores is None:
            raise ValueError(f'frame {t} has no pred_scores')
        hits = _frame_detections(frame, dist_thr)
        pr_vis = np.asarray(frame.pred_visible, bool)
        conf = np.asarray(frame.pred_scores, float)
        for j in range(num_joints):
            scores[j].extend(conf[pr_vis[:, j], j]
                             if len(pr_vis) else [])
            labels[j].extend(hits[pr_vis[:, j], j] if len(pr_vis) else [])
        if len(frame.gt_ids):
            positives += np.asarray(frame.gt_visible, bool).sum(0)
    ap = np.full(num_joints, np.nan)
    for j in (range(num_joints) if joints is None else joints):
        ap[j] = average_precision(np.array(scores[j]), np.array(labels[j]),
                                  positives[j])
    finite = ap[np.isfinite(ap)]
    return dict(ap=ap,
                total=float(finite.mean()) if len(finite) else float('nan'))
