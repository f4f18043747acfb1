"""Per-detector score normalisation of public detections."""
import math
from collections import defaultdict
from typing import Optional

import numpy as np
from scipy.stats import rankdata

SCORE_NORMALISATIONS = (None, 'rank', 'auto')


def check_score_normalisation(method: Optional[str]) -> Optional[str]:
    """``method`` if it is one of :data:`SCORE_NORMALISATIONS`."""
    if method not in SCORE_NORMALISATIONS:
        raise ValueError(f'score_normalisation must be one of '
                         f'{SCORE_NORMALISATIONS}, got {method!r}')
    return method


def normalise_scores(dets: dict, method: Optional[str]) -> dict:
    """Put the scores of every public detector on one scale, in place.

    MOT17 ships three detectors per sequence whose scores mean different
    things: DPM's are raw SVM margins (negative to about 1), Faster R-CNN's
    and SDP's probabilities. Trackers threshold scores with one setting for
    all (ByteTrack's 0.6 / 0.1, a birth threshold), so on raw scores those
    keep a different share of each detector's boxes, and a threshold of 0
    drops most of DPM's.

    ``'rank'``: each detector's scores are replaced by their empirical CDF
    over the detections of that detector in this file (the average rank of
    the score divided by the detector's number of detections, in (0, 1]):
    a threshold then keeps the same share of every detector's boxes, and
    the order of one detector's boxes is unchanged. ``'auto'``: the same,
    but only for detectors with a score outside [0, 1] (DPM's margins);
    detectors that already give probabilities keep them, so the trackers'
    thresholds keep their meaning there (the MOT17 configs). The detector is the
    ``detector`` field of the detection's video (what our converters write,
    e.g. ``DPM`` for MOT17-02-DPM; videos without one form one group). It
    reads scores only, no labels, so it may be fitted on the split being
    tracked. ``None`` leaves the scores as they are.

    Records whose score is not a finite number are left for the dataset's
    own checks to report.

    Args:
        dets (dict): A loaded ``*_detections.json`` (``videos``,
            ``images``, ``annotations``).
        method (str, optional): ``None``, ``'rank'`` or ``'auto'``.

    Returns:
        dict: ``{detector: number of scores normalised}`` (detectors left
        as they are are not listed).
    """
    if check_score_normalisation(method) is None:
        return {}
    detector_of_video = {v.get('id'): str(v.get('detector') or '')
                         for v in dets.get('videos', [])}
    detector_of_image = {
        img.get('id'): detector_of_video.get(img.get('video_id'), '')
        for img in dets.get('images', [])
    }
    groups = defaultdict(list)
    for ann in dets.get('annotations', []):
        score = ann.get('score') if isinstance(ann, dict) else None
        if isinstance(score, (int, float)) and not isinstance(
                score, bool) and math.isfinite(score):
            groups[detector_of_image.get(ann.get('image_id'), '')].append(
                ann)
    done = {}
    for name, anns in groups.items():
        scores = np.array([a['score'] for a in anns], dtype=np.float64)
        if method == 'auto' and scores.min() >= 0 and scores.max() <= 1:
            continue  # probabilities already
        done[name] = len(anns)
        cdf = rankdata(scores, method='average') / len(scores)
        for ann, value in zip(anns, cdf):
            ann['score'] = float(value)
    return done
