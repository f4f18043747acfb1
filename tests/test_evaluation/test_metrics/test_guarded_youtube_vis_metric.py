from mmtrack_unsup.evaluation import GuardedYouTubeVISMetric


def test_no_prediction_scores_zero_instead_of_crashing():
    metric = GuardedYouTubeVISMetric(metric_items=['mAP', 'AR@1'])
    # per video: (predicted instances, ground-truth annotations)
    results = [([], []), ([], [])]
    assert metric.compute_metrics(results) == {'segm_mAP': 0.0,
                                               'segm_AR@1': 0.0}

