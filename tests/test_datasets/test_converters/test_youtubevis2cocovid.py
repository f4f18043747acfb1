import json

import pytest

from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                               convert_youtubevis)
from mmtrack_unsup.utils import DataFormatError, SkipCounter

RLE = {'size': [4, 4], 'counts': '04L4'}


def _ytvis():
    """Two 2-frame videos in the YouTube-VIS 2019 format."""
    return dict(
        videos=[
            dict(id=1, width=4, height=4, length=2,
                 file_names=['a/00000.jpg', 'a/00005.jpg']),
            dict(id=2, width=4, height=4, length=2,
                 file_names=['b/00000.jpg', 'b/00005.jpg'])
        ],
        categories=[dict(id=1, name='person'), dict(id=2, name='lizard')],
        annotations=[
            dict(id=1, video_id=1, category_id=1, iscrowd=0,
                 bboxes=[[0, 0, 2, 2], None], segmentations=[RLE, None],
                 areas=[4, None]),
            dict(id=2, video_id=1, category_id=1, iscrowd=0,
                 bboxes=[[1, 1, 2, 2], [1, 1, 2, 2]],
                 segmentations=[RLE, None], areas=[4, 0]),
            dict(id=3, video_id=2, category_id=2, iscrowd=0,
                 bboxes=[[0, 0, 2, 2], [0, 0, 2, 2]],
                 segmentations=[RLE, RLE], areas=[4, 4]),
        ])


def test_full_conversion(tmp_path):
    src = tmp_path / 'train.json'
    src.write_text(json.dumps(_ytvis()))
    skips = SkipCounter()
    out = convert_youtubevis(str(src), str(tmp_path / 'o.json'), skips=skips)
    assert [i['frame_id'] for i in out['images']] == [0, 1, 0, 1]
    # one frame of annotation 2 has an empty mask -> counted skip
    assert skips.counts == {'instance with an empty mask or box': 1}
    assert [(a['image_id'], a['instance_id']) for a in out['annotations']] \
        == [(1, 1), (1, 2), (3, 3), (4, 3)]
    assert json.load(open(tmp_path / 'o.json')) == out


def test_coco_overlap_subset(tmp_path):
    assert len(YTVIS2019_COCO_OVERLAP) == 20
    src = tmp_path / 'train.json'
    src.write_text(json.dumps(_ytvis()))
    skips = SkipCounter()
    out = convert_youtubevis(str(src), str(tmp_path / 'o.json'),
                             categories=['person'], skips=skips)
    assert [v['name'] for v in out['videos']] == ['a']
    assert out['categories'] == [dict(id=1, name='person')]
    assert skips.counts['video with categories outside the subset'] == 1


def test_not_youtubevis(tmp_path):
    src = tmp_path / 'x.json'
    src.write_text(json.dumps(dict(images=[])))
    with pytest.raises(DataFormatError, match=r"\[videos\]"):
        convert_youtubevis(str(src), str(tmp_path / 'o.json'))
    src.write_text('{"videos": [')
    with pytest.raises(DataFormatError, match='x.json:1: not valid json'):
        convert_youtubevis(str(src), str(tmp_path / 'o.json'))
    bad = _ytvis()
    bad['annotations'][0]['bboxes'] = [[0, 0, 1, 1]]
    src.write_text(json.dumps(bad))
    with pytest.raises(DataFormatError, match='one entry per frame'):
        convert_youtubevis(str(src), str(tmp_path / 'o.json'))
    assert not (tmp_path / 'o.json').exists()
