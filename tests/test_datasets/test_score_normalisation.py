"""Per-detector score normalisation (issue 36, item 2) on MOT17's three
public detectors with scores in their real ranges: DPM's raw SVM margins
(negative to about 1), Faster R-CNN's and SDP's probabilities, written as
det.txt and converted by the real converter."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from conftest import MOT_GT, SEQINFO
from mmtrack_unsup.datasets import PublicDetVideoDataset, UnlabeledClipDataset
from mmtrack_unsup.datasets.converters import convert_mot
from mmtrack_unsup.datasets.score_normalisation import normalise_scores

RANGES = dict(DPM=(-0.6, 1.2), FRCNN=(0.0, 1.0), SDP=(0.3, 1.0))


@pytest.fixture
def mot17_three_detectors(tmp_path):
    """MOT17-02 with each detector's det.txt: 4 frames, 6 boxes a frame."""
    root = str(tmp_path / 'MOT17')
    rng = np.random.default_rng(0)
    for name, (low, high) in RANGES.items():
        seq_dir = osp.join(root, 'train', f'MOT17-02-{name}')
        for sub in ('img1', 'gt', 'det'):
            os.makedirs(osp.join(seq_dir, sub))
        for t in range(1, 5):
            cv2.imwrite(osp.join(seq_dir, 'img1', f'{t:06d}.jpg'),
                        np.zeros((48, 64, 3), np.uint8))
        with open(osp.join(seq_dir, 'seqinfo.ini'), 'w') as f:
            f.write(SEQINFO.format(name=f'MOT17-02-{name}'))
        with open(osp.join(seq_dir, 'gt', 'gt.txt'), 'w') as f:
            f.write('\n'.join(MOT_GT['MOT17-02-FRCNN']) + '\n')
        rows = [f'{t},-1,{2 + 8 * k},3,6,12,{rng.uniform(low, high):.4f},'
                '-1,-1,-1' for t in range(1, 5) for k in range(6)]
        with open(osp.join(seq_dir, 'det', 'det.txt'), 'w') as f:
            f.write('\n'.join(rows) + '\n')
    convert_mot(root, osp.join(root, 'annotations'), subsets=('train', ),
                progress=False)
    return root


def _scores(dataset):
    """{detector: all public scores of its video, frame order}."""
    out = {}
    for i in range(len(dataset)):
        video = dataset.get_data_info(i)
        name = video['images'][0]['img_path'].split(os.sep)[-3]
        out[name.split('-')[-1]] = np.concatenate(
            [img['public_scores'] for img in video['images']])
    return out


def _public(root, **kwargs):
    return PublicDetVideoDataset(
        data_root=root, ann_file='annotations/train_cocoformat.json',
        detection_file='annotations/train_detections.json',
        data_prefix=dict(img_path='train'), test_mode=True, pipeline=[],
        **kwargs)


def test_rank_puts_every_detector_on_one_scale(mot17_three_detectors):
    raw = _scores(_public(mot17_three_detectors))
    ranked = _scores(_public(mot17_three_detectors,
                             score_normalisation='rank'))
    assert raw['DPM'].min() < 0  # SVM margins, as on MOT17
    for name in RANGES:
        n = len(raw[name])
        # each detector's empirical CDF: ranks 1..n over n, order kept
        np.testing.assert_allclose(np.sort(ranked[name]),
                                   np.arange(1, n + 1) / n, rtol=1e-6)
        assert (np.argsort(raw[name], kind='stable') == np.argsort(
            ranked[name], kind='stable')).all()
        # ByteTrack's 0.6 keeps the same share of every detector's boxes
        assert (ranked[name] > 0.6).sum() == int(n - np.floor(0.6 * n))
    # on raw scores it does not
    kept = {name: (raw[name] > 0.6).mean() for name in RANGES}
    assert kept['DPM'] < kept['SDP']
    # 'auto' (the MOT17 configs): only DPM, whose margins leave [0, 1]
    auto = _scores(_public(mot17_three_detectors,
                           score_normalisation='auto'))
    np.testing.assert_allclose(auto['DPM'], ranked['DPM'])
    for name in ('FRCNN', 'SDP'):
        np.testing.assert_allclose(auto[name], raw[name])


def test_training_threshold_keeps_dpm_only_after_normalising(
        mot17_three_detectors):
    """UnlabeledClipDataset's det_score_thr=0 (its default) drops every
    negative DPM margin on raw scores."""

    def boxes(**kwargs):
        ds = UnlabeledClipDataset(
            ann_file=osp.join(mot17_three_detectors, 'annotations',
                              'train_detections.json'),
            data_prefix=dict(img_path=osp.join(mot17_three_detectors,
                                               'train')),
            clip_len=(1, 2), pipeline=[], **kwargs)
        return sum(len(b) for v in ds.videos for b in v['bboxes'])

    assert boxes() < 3 * 24
    assert boxes(score_normalisation='rank') == 3 * 24
    assert boxes(score_normalisation='auto') == 3 * 24


def test_bad_setting_and_bad_scores():
    with pytest.raises(ValueError, match='score_normalisation'):
        normalise_scores({}, 'minmax')
    dets = dict(
        videos=[dict(id=1, detector='DPM')],
        images=[dict(id=1, video_id=1)],
        annotations=[dict(image_id=1, score=-0.5),
                     dict(image_id=1, score=float('nan')),
                     dict(image_id=1, score='high'),
                     dict(image_id=1, score=0.5)])
    assert normalise_scores(dets, 'rank') == {'DPM': 2}
    scores = [a['score'] for a in dets['annotations']]
    assert scores[0] == 0.5 and scores[3] == 1.0
    # left for the dataset's own checks to report
    assert np.isnan(scores[1]) and scores[2] == 'high'
