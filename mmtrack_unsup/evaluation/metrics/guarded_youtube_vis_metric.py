"""mmdet's YouTubeVISMetric, safe with numpy 2 and with empty predictions."""
from contextlib import contextmanager
from typing import Dict, List

import numpy as np
from mmdet.evaluation import YouTubeVISMetric
from mmdet.registry import METRICS
from mmengine.logging import MMLogger

DEFAULT_ITEMS = ('mAP', 'mAP_50', 'mAP_75', 'mAP_s', 'mAP_m', 'mAP_l')


@contextmanager
def _numpy_float_alias():
    """mmdet 3.3's ``ytviseval.accumulate`` calls ``astype(np.float)``;
    numpy 1.24 removed that alias of ``float``. Restore it only while the
    metric runs."""
    added = 'float' not in np.__dict__
    if added:
        np.float = float
    try:
        yield
    finally:
        if added:
            del np.float


@METRICS.register_module()
class GuardedYouTubeVISMetric(YouTubeVISMetric):
    """Same metric and keys as mmdet's ``YouTubeVISMetric``, with two fixes:

    * with numpy >= 1.24 mmdet's evaluation fails on the removed
      ``np.float``; the alias is restored for the duration of the call;
    * a dataset on which the model predicted no instance at all scores 0
      with a warning, where the YTVIS API's ``loadRes`` would raise
      ``IndexError`` (an untrained model, or thresholds set too high).
    """

    def compute_metrics(self, results: List) -> Dict[str, float]:
        preds, _ = zip(*results)
        if not self.format_only and not self.format_preds(preds):
            MMLogger.get_current_instance().warning(
                'no instance predicted on the whole dataset: YouTube-VIS '
                'metrics are 0')
            items = self.metric_items or DEFAULT_ITEMS
            return {f'segm_{item}': 0.0 for item in items}
        with _numpy_float_alias():
            return super().compute_metrics(results)
