import json

import numpy as np
import pycocotools.mask as mask_utils
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


def _convert(tmp_path, data, skips=None):
    src = tmp_path / 'train.json'
    src.write_text(json.dumps(data))
    return convert_youtubevis(str(src), str(tmp_path / 'o.json'),
                              skips=skips)


def test_rle_of_another_size_is_an_error(tmp_path):
    bad = _ytvis()
    bad['annotations'][2]['segmentations'][1] = {'size': [8, 4],
                                                 'counts': '04L4'}
    with pytest.raises(DataFormatError, match=r'annotations\[2\]\.'
                       r'segmentations\[1\]\.size\]: RLE size \[8, 4\] '
                       r'differs .* \[4, 4\]'):
        _convert(tmp_path, bad)
    assert not (tmp_path / 'o.json').exists()


def test_polygon_with_fewer_than_3_points_is_counted(tmp_path):
    data = _ytvis()
    square = [0, 0, 2, 0, 2, 2, 0, 2]
    data['annotations'][2]['segmentations'] = [[square, [0, 0, 1, 1]],
                                               [[1, 1, 2, 2]]]
    skips = SkipCounter()
    out = _convert(tmp_path, data, skips)
    assert skips.counts['polygon with fewer than 3 points'] == 2
    masks = [a['segmentation'] for a in out['annotations']
             if a['instance_id'] == 3]
    assert masks == [[square]]  # frame 1 had no usable polygon left
    assert skips.counts['instance with an empty mask or box'] == 2


def _unknown_video(data):
    data['annotations'][1]['video_id'] = 9


def _duplicate_video_id(data):  # used to give a message about another thing
    data['videos'][1]['id'] = 1


@pytest.mark.parametrize('edit, message', [
    (_unknown_video,
     r'annotations\[1\]\.video_id\]: video_id 9 is not in videos'),
    (_duplicate_video_id, r'\[videos\[1\]\.id\]: video id 1 is used twice '
     r'\(videos\[0\] and videos\[1\]\)'),
])
def test_video_ids_are_checked(tmp_path, edit, message):
    bad = _ytvis()
    edit(bad)
    with pytest.raises(DataFormatError, match=message):
        _convert(tmp_path, bad)


def test_missing_areas_are_computed_from_the_masks(tmp_path):
    """A file without `areas` used to lose every mask."""
    corner = np.zeros((4, 4), np.uint8)
    corner[:2, :2] = 1  # 4 pixels
    rle = mask_utils.encode(np.asfortranarray(corner))
    rle['counts'] = rle['counts'].decode()  # as json holds it
    data = _ytvis()
    for ann in data['annotations']:
        del ann['areas']
        ann['segmentations'] = [None if s is None else rle
                                for s in ann['segmentations']]
    # uncompressed RLE, column-major: 5 pixels set, then 11 not
    data['annotations'][2]['segmentations'][1] = {'size': [4, 4],
                                                  'counts': [0, 5, 11]}
    out = _convert(tmp_path, data)
    areas = {(a['instance_id'], a['image_id']): a['area']
             for a in out['annotations']}
    assert areas == {(1, 1): 4, (2, 1): 4, (3, 3): 4, (3, 4): 5}


def test_drop_annotations_writes_videos_and_frames_only(tmp_path):
    """Unlabeled training videos (SOLO-Track, Sec. 3.4): every frame, no
    annotation, so no mask, category or instance id can be read."""
    src = tmp_path / 'train.json'
    src.write_text(json.dumps(_ytvis()))
    out = convert_youtubevis(str(src), str(tmp_path / 'o.json'),
                             drop_annotations=True)
    assert [i['frame_id'] for i in out['images']] == [0, 1, 0, 1]
    assert out['annotations'] == []
    text = (tmp_path / 'o.json').read_text()
    assert 'instance_id' not in text and 'segmentation' not in text
    # a split without annotations is accepted for it
    data = _ytvis()
    del data['annotations']
    src.write_text(json.dumps(data))
    out = convert_youtubevis(str(src), str(tmp_path / 'p.json'),
                             drop_annotations=True)
    assert len(out['images']) == 4


def test_a_result_without_videos_is_refused_from_the_cli(tmp_path):
    """Every video dropped (here: none in the category subset) used to
    print '0 videos' and exit 0, and training then died deep in the sampler
    (issue 39, 18): the CLI stops, naming the file, and writes nothing."""
    import os.path as osp
    import subprocess
    import sys

    from conftest import REPO
    data = _ytvis()
    for ann in data['annotations']:
        ann['category_id'] = 2  # lizard
    src = tmp_path / 'train.json'
    src.write_text(json.dumps(data))
    out = tmp_path / 'out.json'
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'dataset_converters',
                                  'youtubevis2cocovid.py'), str(src),
         str(out), '--categories', 'person'], capture_output=True,
        text=True)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert 'Traceback' not in proc.stderr
    assert f'error: {src}: no video left to write (2 in the file' in \
        proc.stderr
    assert not out.exists()
