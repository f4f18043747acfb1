import os

import pytest

from mmtrack_unsup.utils import (DataFormatError, SkipCounter, atomic_open,
                                 check_output_dir, dump_json_atomic,
                                 dump_jsons_atomic, load_json)
from mmtrack_unsup.utils import io as io_module


def test_atomic_open_keeps_old_file_on_failure(tmp_path):
    path = str(tmp_path / 'out.json')
    dump_json_atomic({'a': 1}, path)
    with pytest.raises(RuntimeError):
        with atomic_open(path) as f:
            f.write('{"half')
            raise RuntimeError('crash mid-write')
    assert load_json(path) == {'a': 1}
    assert os.listdir(tmp_path) == ['out.json']  # no temp file left


def test_error_message_names_file_line_and_field():
    e = DataFormatError('a/b.txt', 'bad value', line=7, field='score')
    assert str(e) == 'a/b.txt:7 [score]: bad value'
    assert (e.path, e.line, e.field) == ('a/b.txt', 7, 'score')


def test_skip_counter_summary():
    skips = SkipCounter(max_examples=1)
    assert skips.summary() == 'skipped records: none'
    skips.skip('zero area', 'f.txt:3')
    skips.skip('zero area', 'f.txt:9')
    other = SkipCounter()
    other.skip('nan score', 'g.txt:1')
    skips.update(other)
    assert skips.total == 3
    text = skips.summary()
    assert '2  zero area  (e.g. f.txt:3)' in text and 'f.txt:9' not in text
    assert 'nan score' in text


def test_outputs_get_the_umask_mode(tmp_path):
    """mkstemp's 0600 is not kept: other users can read shared data, and a
    re-run does not downgrade a 0644 file."""
    path = str(tmp_path / 'out.json')
    old = os.umask(0o022)
    try:
        dump_json_atomic({'a': 1}, path)
        assert os.stat(path).st_mode & 0o777 == 0o644
        dump_json_atomic({'a': 2}, path)
        assert os.stat(path).st_mode & 0o777 == 0o644
        os.umask(0o027)
        with atomic_open(path) as f:
            f.write('{}')
        assert os.stat(path).st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_no_bare_nan_in_json(tmp_path):
    path = str(tmp_path / 'out.json')
    dump_json_atomic({'a': 1}, path)
    with pytest.raises(ValueError, match='out.json: refusing to write a '
                       'non-finite number'):
        dump_json_atomic({'visibility': float('nan')}, path)
    assert load_json(path) == {'a': 1}


def test_several_files_all_or_none(tmp_path):
    a, b = str(tmp_path / 'a.json'), str(tmp_path / 'b.json')
    dump_jsons_atomic({a: {'v': 1}, b: {'v': 1}})
    with pytest.raises(ValueError, match='b.json'):
        dump_jsons_atomic({a: {'v': 2}, b: {'v': float('inf')}})
    assert load_json(a) == {'v': 1} and load_json(b) == {'v': 1}
    assert sorted(os.listdir(tmp_path)) == ['a.json', 'b.json']
    dump_jsons_atomic({a: {'v': 3}, b: {'v': 3}})
    assert load_json(a) == {'v': 3} and load_json(b) == {'v': 3}


def test_output_dir_checked_first(tmp_path, monkeypatch):
    a_file = tmp_path / 'out'
    a_file.write_text('x')
    with pytest.raises(DataFormatError, match='out: the output path exists '
                       'and is not a folder'):
        check_output_dir(str(a_file))
    new = tmp_path / 'new' / 'dir'
    assert check_output_dir(str(new)) == str(new) and new.is_dir()
    assert os.listdir(new) == []  # the write probe is removed

    def read_only(*args, **kwargs):
        raise PermissionError(13, 'Permission denied')

    # tests run as root, which writes into a 0555 folder: fake the refusal
    monkeypatch.setattr(io_module.tempfile, 'mkstemp', read_only)
    with pytest.raises(DataFormatError, match='dir: cannot write to the '
                       'output folder .Permission denied'):
        check_output_dir(str(new))
