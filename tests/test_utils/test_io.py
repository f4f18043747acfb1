import os

import pytest

from mmtrack_unsup.utils import (DataFormatError, SkipCounter, atomic_open,
                                 dump_json_atomic, load_json)


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
