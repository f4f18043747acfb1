"""What the tools share: --cfg-options parsing and input errors ending a
tool with one message."""
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO
from mmtrack_unsup.utils import DataFormatError
from mmtrack_unsup.utils.entrypoint import run_tool


def test_cfg_options_keep_paths_with_spaces_whole(monkeypatch):
    """mmengine's DictAction removes every space (so that '[1, 2]' parses),
    which cut 'data_root=/my data/' to '/mydata/' without a word (issue 39,
    item 17). The tools' parsers keep a plain value whole and still parse
    lists, tuples and numbers."""
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from train import parse_args
    monkeypatch.setattr(sys, 'argv', [
        'train.py', 'CONFIG', '--cfg-options',
        'train_dataloader.dataset.data_root=/my data/', "work_dir='/a b/'",
        'model.x=[1, 2]', 'model.y=(3, 4)', 'model.z=0.5', 'model.w=a,b'])
    options = parse_args().cfg_options
    assert options == {'train_dataloader.dataset.data_root': '/my data/',
                       'work_dir': '/a b/', 'model.x': [1, 2],
                       'model.y': (3, 4), 'model.z': 0.5,
                       'model.w': ['a', 'b']}


def test_input_errors_end_the_tool_with_one_message(monkeypatch):
    def main():
        raise DataFormatError('x.txt', 'bad value', line=3, field='id')

    with pytest.raises(SystemExit, match=r'^error: x.txt:3 \[id\]: bad '
                       'value$'):
        run_tool(main)
    monkeypatch.setenv('MMTRACK_UNSUP_TRACEBACK', '1')
    with pytest.raises(DataFormatError):
        run_tool(main)


def test_a_converter_on_bad_input_prints_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'dataset_converters',
                                  'mot2cocovid.py'), '-i',
         str(tmp_path / 'missing'), '-o', str(tmp_path / 'out')],
        capture_output=True, text=True)
    assert proc.returncode == 1 and 'Traceback' not in proc.stderr
    assert proc.stderr.startswith('error: ')
