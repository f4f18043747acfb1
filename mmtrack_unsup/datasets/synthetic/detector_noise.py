"""A noisy detector simulated from the ground truth of a synthetic frame."""
from typing import List, Tuple

import numpy as np

from .config import SceneConfig
from .scene import FrameObject

Detection = Tuple[np.ndarray, float]  # ((x, y, w, h), score)


def simulate_detections(objects: List[FrameObject], cfg: SceneConfig,
                        rng: np.random.Generator) -> List[Detection]:
    """Public detections of one frame.

    * true objects are missed with probability
      ``det_miss_rate + det_miss_occlusion * (1 - visibility)`` and always when
      less visible than ``det_min_visibility``;
    * detected boxes get Gaussian edge noise proportional to their size and
      are clipped to the image, as real detectors do;
    * scores rise with visibility; ``Poisson(det_fp_rate)`` false positives
      of plausible size get lower scores (some still above 0.5).
    """
    dets: List[Detection] = []
    for obj in objects:
        v = obj.visibility
        p_miss = cfg.det_miss_rate + cfg.det_miss_occlusion * (1 - v)
        if v < cfg.det_min_visibility or rng.random() < p_miss:
            continue
        x, y, w, h = obj.bbox
        x1, y1, x2, y2 = x, y, x + w, y + h
        jit = rng.normal(0, cfg.det_box_jitter, 4) * np.array([w, h, w, h])
        x1, y1, x2, y2 = np.array([x1, y1, x2, y2]) + jit
        x1, x2 = np.clip([x1, x2], 0, cfg.width - 1)
        y1, y2 = np.clip([y1, y2], 0, cfg.height - 1)
        if x2 - x1 < 2 or y2 - y1 < 2:
            continue
        score = float(np.clip(0.45 + 0.5 * v + rng.normal(0, 0.08), 0.05,
                              0.999))
        dets.append((np.array([x1, y1, x2 - x1, y2 - y1]), score))
    for _ in range(rng.poisson(cfg.det_fp_rate)):
        h = rng.uniform(*cfg.object_height)
        w = h * rng.uniform(*cfg.aspect)
        x = rng.uniform(0, cfg.width - w)
        y = rng.uniform(0, cfg.height - h)
        dets.append((np.array([x, y, w, h]), float(rng.uniform(0.05, 0.65))))
    return dets
