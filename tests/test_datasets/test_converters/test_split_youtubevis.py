import json

import pytest

from mmtrack_unsup.datasets.converters import (YTVIS2019_COCO_OVERLAP,
                                               convert_youtubevis,
                                               split_youtubevis)
from mmtrack_unsup.utils import DataFormatError

RLE = {'size': [4, 4], 'counts': '02208'}  # a 2x2 corner


def _train_json(tmp_path):
    """Six 1-frame videos in the YouTube-VIS 2019 format: 1-4 show only
    COCO-overlap categories, 5 also a lizard, 6 only a lizard."""
    cats = [dict(id=1, name='person'), dict(id=2, name='sedan'),
            dict(id=3, name='lizard')]
    videos = [dict(id=v, width=4, height=4, length=1,
                   file_names=[f'v{v}/00000.jpg']) for v in range(1, 7)]
    objects = [(1, 1), (2, 2), (3, 1), (4, 2), (5, 1), (5, 3), (6, 3)]
    anns = [dict(id=i, video_id=v, category_id=c, iscrowd=0,
                 bboxes=[[0, 0, 2, 2]], segmentations=[RLE], areas=[4])
            for i, (v, c) in enumerate(objects, 1)]
    path = tmp_path / 'train.json'
    path.write_text(json.dumps(dict(videos=videos, categories=cats,
                                    annotations=anns)))
    return str(path)


def test_split_is_seeded_disjoint_and_complete(tmp_path):
    src = _train_json(tmp_path)
    outs = [str(tmp_path / 'a.json'), str(tmp_path / 'b.json')]
    ids = split_youtubevis(src, *outs, 2, list(YTVIS2019_COCO_OVERLAP), 0)
    assert sorted(ids['train'] + ids['heldout']) == [1, 2, 3, 4, 5, 6]
    assert len(ids['heldout']) == 2
    assert set(ids['heldout']) <= {1, 2, 3, 4}  # only overlap-only videos
    assert ids == split_youtubevis(src, *outs, 2,
                                   list(YTVIS2019_COCO_OVERLAP), 0)
    heldout = json.load(open(outs[1]))
    assert [v['id'] for v in heldout['videos']] == sorted(ids['heldout'])
    assert {a['video_id'] for a in heldout['annotations']} == \
        set(ids['heldout'])
    train = json.load(open(outs[0]))
    assert {a['video_id'] for a in train['annotations']} == set(ids['train'])
    # the held-out part converts to the coco20 subset without losing one
    out = convert_youtubevis(outs[1], str(tmp_path / 'h.json'),
                             categories=['person', 'sedan'])
    assert len(out['videos']) == 2 and len(out['annotations']) == 2
    with pytest.raises(ValueError, match='4 are eligible'):
        split_youtubevis(src, *outs, 5, list(YTVIS2019_COCO_OVERLAP))


def test_unlabeled_split_is_refused_for_evaluation(tmp_path):
    """valid.json has no annotations: --coco-overlap used to keep all its
    videos and YTVISeval then returned -1 everywhere."""
    data = json.load(open(_train_json(tmp_path)))
    del data['annotations']
    valid = tmp_path / 'valid.json'
    valid.write_text(json.dumps(data))
    out = str(tmp_path / 'o.json')
    with pytest.raises(DataFormatError, match=r'valid.json \[annotations\]: '
                       'has no annotations, so its videos cannot be '
                       'restricted'):
        convert_youtubevis(str(valid), out,
                           categories=list(YTVIS2019_COCO_OVERLAP))
    with pytest.raises(DataFormatError, match='would score -1 everywhere'):
        convert_youtubevis(str(valid), out)
    # for a server submission (format_only) it converts, every video kept
    sub = convert_youtubevis(str(valid), out, unlabeled=True)
    assert len(sub['videos']) == 6 and sub['annotations'] == []
    with pytest.raises(DataFormatError, match='only a labelled split'):
        split_youtubevis(str(valid), out, str(tmp_path / 'p.json'), 1)
