"""A folder of the user's videos -> MOT split with detections."""
import json
import os
import os.path as osp

import pytest

from mmtrack_unsup.apis import detector_factory
from mmtrack_unsup.datasets.video import resolve_detector_spec
from mmtrack_unsup.datasets.converters.videos2mot import videos_to_mot
from mmtrack_unsup.utils import DataFormatError


def test_videos_become_a_mot_split_and_are_reused(own_videos, tmp_path):
    video_dir, det_dir = own_videos
    spec = dict(kind='mot', path=det_dir)
    out = str(tmp_path / 'prepared')
    paths = videos_to_mot(video_dir, out, detector_factory(spec), spec,
                          progress=False)
    seqs = sorted(os.listdir(osp.join(out, 'train')))
    assert seqs == sorted(f[:-4] for f in os.listdir(video_dir))
    seq_dir = osp.join(out, 'train', seqs[0])
    assert sorted(os.listdir(seq_dir)) == ['det', 'img1', 'seqinfo.ini',
                                           'source.json']  # no gt/
    assert len(os.listdir(osp.join(seq_dir, 'img1'))) == 40
    dets = json.load(open(paths['detections']))
    src_rows = open(osp.join(det_dir, seqs[0] + '.txt')).read().split()
    video_id = dets['videos'][0]['id']
    image_ids = {im['id'] for im in dets['images']
                 if im['video_id'] == video_id}
    assert sum(a['image_id'] in image_ids
               for a in dets['annotations']) == len(src_rows)
    assert dets['info']['subset'] == 'train'
    assert json.load(open(paths['gt']))['annotations'] == []

    det_txt = osp.join(seq_dir, 'det', 'det.txt')
    before = os.stat(det_txt).st_mtime_ns
    videos_to_mot(video_dir, out, detector_factory(spec), spec,
                  progress=False)
    assert os.stat(det_txt).st_mtime_ns == before  # reused
    hog = dict(kind='hog')
    videos_to_mot(video_dir, out, detector_factory(hog), hog, progress=False)
    record_path = osp.join(seq_dir, 'source.json')
    record = json.load(open(record_path))
    # another detector: redone; the record spells out every default
    assert record['detector'] == resolve_detector_spec(hog)
    assert record['detector']['box'] == 'person'
    # a sequence made with other defaults (here: an older record that
    # named only the kind) is detected again, not reused
    record['detector'] = hog
    json.dump(record, open(record_path, 'w'))
    before = os.stat(det_txt).st_mtime_ns
    videos_to_mot(video_dir, out, detector_factory(hog), hog, progress=False)
    assert os.stat(det_txt).st_mtime_ns != before
    assert json.load(open(record_path))['detector'] == \
        resolve_detector_spec(hog)


def test_folder_without_videos_and_stray_sequences(own_videos, tmp_path):
    empty = tmp_path / 'empty'
    empty.mkdir()
    (empty / 'readme.txt').write_text('no videos here')
    spec = dict(kind='hog')
    with pytest.raises(DataFormatError, match='no video files'):
        videos_to_mot(str(empty), str(tmp_path / 'o'),
                      detector_factory(spec), spec, progress=False)
    video_dir, det_dir = own_videos
    out = tmp_path / 'o2'
    (out / 'train' / 'OLD-SEQ').mkdir(parents=True)
    spec = dict(kind='mot', path=det_dir)
    with pytest.raises(DataFormatError, match='OLD-SEQ'):
        videos_to_mot(video_dir, str(out), detector_factory(spec), spec,
                      progress=False)
