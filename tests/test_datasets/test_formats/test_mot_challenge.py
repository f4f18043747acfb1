import os.path as osp

import pytest

from mmtrack_unsup.datasets.formats import read_mot_txt, read_seqinfo
from mmtrack_unsup.utils import DataFormatError, SkipCounter


def _write(path, text):
    with open(path, 'w') as f:
        f.write(text)
    return str(path)


def test_read_seqinfo(mot_root):
    info = read_seqinfo(osp.join(mot_root, 'train', 'MOT17-02-FRCNN'))
    assert (info.name, info.seq_length, info.width, info.height,
            info.im_ext) == ('MOT17-02-FRCNN', 4, 64, 48, '.jpg')


def test_seqinfo_missing_file_and_field(tmp_path):
    with pytest.raises(DataFormatError, match='seqinfo.ini: missing'):
        read_seqinfo(str(tmp_path))
    _write(tmp_path / 'seqinfo.ini', '[Sequence]\nname=a\nimDir=img1\n')
    with pytest.raises(DataFormatError, match=r'\[frameRate\]'):
        read_seqinfo(str(tmp_path))


def test_read_gt_values(mot_root):
    path = osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'gt', 'gt.txt')
    info = read_seqinfo(osp.dirname(osp.dirname(path)))
    recs = read_mot_txt(path, 'gt', info)
    assert sorted(recs) == [1, 2, 3, 4]
    r = recs[1][1]
    assert (r.track_id, r.bbox, r.conf, r.category_id, r.visibility) == \
        (2, [30.0, 5.0, 12.0, 22.0], 1.0, 1, 0.6)
    assert recs[3][1].category_id == 8


def test_malformed_line_names_file_and_line(tmp_path):
    path = _write(tmp_path / 'det.txt',
                  '1,-1,1,1,5,5,0.9,-1,-1,-1\n2,-1,1,1,5\n')
    with pytest.raises(DataFormatError) as e:
        read_mot_txt(path, 'det')
    assert f'{path}:2' in str(e.value)
    path = _write(tmp_path / 'gt.txt', '1,1,a,1,5,5,1,1,1\n')
    with pytest.raises(DataFormatError, match=r'gt.txt:1: non-numeric'):
        read_mot_txt(path, 'gt')


def test_frame_beyond_seq_length_is_an_error(mot_root, tmp_path):
    info = read_seqinfo(osp.join(mot_root, 'train', 'MOT17-02-FRCNN'))
    path = _write(tmp_path / 'det.txt', '5,-1,1,1,5,5,0.9,-1,-1,-1\n')
    with pytest.raises(DataFormatError, match='beyond seqLength=4'):
        read_mot_txt(path, 'det', info)


def test_unusable_records_are_counted_not_kept(mot_root, tmp_path):
    info = read_seqinfo(osp.join(mot_root, 'train', 'MOT17-02-FRCNN'))
    path = _write(tmp_path / 'det.txt', '\n'.join([
        '1,-1,1,1,5,5,0.9,-1,-1,-1',  # kept
        '1,-1,1,1,0,5,0.9,-1,-1,-1',  # zero width
        '1,-1,1,1,5,-2,0.9,-1,-1,-1',  # negative height
        '2,-1,100,1,5,5,0.9,-1,-1,-1',  # right of a 64 px frame
        '2,-1,1,1,5,5,nan,-1,-1,-1',  # NaN score
    ]) + '\n')
    skips = SkipCounter()
    recs = read_mot_txt(path, 'det', info, skips)
    assert [len(v) for v in recs.values()] == [1]
    assert skips.counts == {
        'det: box with non-positive size': 2,
        'det: box entirely outside the image': 1,
        'det: NaN/inf score': 1
    }
    assert f'{path}:2' in skips.summary()


@pytest.mark.parametrize('line,field', [
    ('1,nan,1,1,5,5,1,1,1', 'id'),
    ('1,inf,1,1,5,5,1,1,1', 'id'),
    ('nan,1,1,1,5,5,1,1,1', 'frame'),
    ('1,1,1,1,5,5,1,inf,1', 'class'),
    ('1,1,1,1,5,5,1,nan,1', 'class'),
    ('1,1,1,1,5,5,1,1,nan', 'visibility'),
    ('1,1,1,1,5,5,1,1,1.5', 'visibility'),
])
def test_non_finite_ids_and_visibility_are_named(tmp_path, line, field):
    """int(nan) used to raise 'cannot convert float NaN to integer' with no
    location, and a NaN visibility reached the json as a bare NaN."""
    path = _write(tmp_path / 'gt.txt', '1,1,1,1,5,5,1,1,1\n' + line + '\n')
    with pytest.raises(DataFormatError, match=rf'gt.txt:2 \[{field}\]'):
        read_mot_txt(path, 'gt')
