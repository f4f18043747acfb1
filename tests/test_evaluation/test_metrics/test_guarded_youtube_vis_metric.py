from mmtrack_unsup.evaluation import GuardedYouTubeVISMetric


def test_no_prediction_scores_zero_instead_of_crashing():
    metric = GuardedYouTubeVISMetric(metric_items=['mAP', 'AR@1'])
    # per video: (predicted instances, ground-truth annotations)
    results = [([], []), ([], [])]
    assert metric.compute_metrics(results) == {'segm_mAP': 0.0,
                                               'segm_AR@1': 0.0}



def _evaluate_perfect_tracks(metric):
    """Score one 2-frame video whose prediction is its ground truth."""
    import numpy as np
    import torch
    from mmdet.structures import DetDataSample, TrackDataSample
    from mmengine.evaluator import Evaluator
    from mmengine.structures import InstanceData
    from pycocotools import mask as mask_utils

    mask = np.zeros((8, 8), np.uint8)
    mask[2:6, 1:5] = 1
    rle = mask_utils.encode(np.asfortranarray(mask))
    frames = []
    for t in range(2):
        frame = DetDataSample()
        frame.set_metainfo(dict(
            img_id=t + 1, video_id=1, frame_id=t, ori_shape=(8, 8),
            ori_video_length=2,
            # ids from 1, as the converters write them: the YTVIS evaluator
            # marks matches by annotation id, and 0 means 'unmatched'
            instances=[dict(bbox=[1, 2, 5, 6], bbox_label=0, instance_id=1,
                            mask=dict(rle), ignore_flag=0)]))
        frame.pred_track_instances = InstanceData(
            bboxes=torch.tensor([[1.0, 2, 5, 6]]), scores=torch.ones(1),
            labels=torch.zeros(1, dtype=torch.long),
            instances_id=torch.zeros(1, dtype=torch.long),
            masks=torch.from_numpy(mask[None].astype(bool)))
        frames.append(frame)
    video = TrackDataSample()
    video.video_data_samples = frames
    evaluator = Evaluator(metric)
    evaluator.dataset_meta = dict(classes=('shape', ))
    evaluator.process(data_samples=[video], data_batch=None)
    return evaluator.evaluate(1)


def test_perfect_tracks_score_one_under_numpy_2():
    """mmdet's ytviseval calls np.float (removed in numpy 1.24): a real
    evaluation runs, scores ground truth as 1, and leaves numpy as it was."""
    import numpy as np
    metrics = _evaluate_perfect_tracks(
        GuardedYouTubeVISMetric(metric_items=['mAP', 'mAP_50']))
    assert metrics == {'youtube_vis/segm_mAP': 1.0,
                       'youtube_vis/segm_mAP_50': 1.0}
    assert 'float' not in np.__dict__


def test_entry_config_reports_the_papers_table_1_columns():
    """configs/solo_track.py's evaluator used to report no AR@1 / AR@10."""
    import os.path as osp

    from mmdet.registry import METRICS
    from mmengine.config import Config

    from conftest import REPO
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'solo_track.py'))
    metrics = _evaluate_perfect_tracks(METRICS.build(cfg.test_evaluator))
    assert metrics == {f'youtube_vis/segm_{k}': 1.0
                       for k in ('mAP', 'mAP_50', 'mAP_75', 'AR@1', 'AR@10')}
