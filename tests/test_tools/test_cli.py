"""Every tool answers --help; the converter CLIs convert and report skips."""
import json
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO

TOOLS = [
    'train.py', 'test.py', 'benchmark_trackers.py', 'make_synthetic.py',
    'dataset_converters/mot2cocovid.py', 'dataset_converters/kitti2cocovid.py',
    'dataset_converters/youtubevis2cocovid.py',
    'dataset_converters/split_youtubevis.py',
    'dataset_converters/posetrack18_merge.py',
    'dataset_converters/videos2mot.py', 'track_video.py',
    'analysis_tools/estimate_clip_length.py',
    'analysis_tools/benchmark_clip_batching.py',
    'analysis_tools/vis_association_accuracy.py',
    'analysis_tools/train_seeds.py', 'analysis_tools/cue_decisions.py',
    'analysis_tools/benchmark_footage.py',
    'analysis_tools/artificial_detections.py'
]


@pytest.mark.parametrize('tool', TOOLS)
def test_help(tool):
    proc = subprocess.run([sys.executable, osp.join(REPO, 'tools', tool),
                           '--help'], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith('usage:')
    # multi-line examples keep their line breaks (raw docstrings: a plain
    # one turns `\` + newline into a line continuation)
    for line in proc.stdout.splitlines():
        if 'python tools/' in line:
            assert '    ' not in line.split('python tools/')[1], line


def _converter(name):
    sys.path.insert(0, osp.join(REPO, 'tools', 'dataset_converters'))
    return __import__(name).main


def test_mot_cli_reports_skips(mot_root, tmp_path, capsys):
    det = osp.join(mot_root, 'train', 'MOT17-02-FRCNN', 'det', 'det.txt')
    with open(det, 'a') as f:
        f.write('2,-1,1,1,0,5,0.5,-1,-1,-1\n')
    out = tmp_path / 'ann'
    _converter('mot2cocovid')(['-i', mot_root, '-o', str(out),
                               '--split-train', '--no-progress'])
    text = capsys.readouterr().out
    assert 'skipped records: 3' in text  # the bad row, read for 3 subsets
    assert 'box with non-positive size' in text
    assert len(json.load(open(out / 'half-val_cocoformat.json'))['images']) \
        == 2


def test_kitti_cli(kitti_root, tmp_path, capsys):
    _converter('kitti2cocovid')(['-i', kitti_root, '-o', str(tmp_path),
                                 '--det-dir', osp.join(kitti_root, 'dets'),
                                 '--classes', 'Car', '--no-progress'])
    assert 'skipped records: none' in capsys.readouterr().out
    assert osp.isfile(tmp_path / 'training_detections.json')


def test_make_synthetic_rejects_shared_seed(tmp_path):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from make_synthetic import main
    with pytest.raises(SystemExit):
        main([str(tmp_path), '--mot', '--train-seed', '3', '--test-seed',
              '3'])


@pytest.mark.parametrize('option, message', [
    ('width=abc', "--set: scene option width='abc': expected a value like "
     '640 (int)'),
    ('speed=[1,2,3]', '--set: scene option speed=[1, 2, 3]: expected a '
     'value like [0.8, 3.0] (tuple)'),
    ('stay_in_view=1', '--set: scene option stay_in_view=1: expected a '
     'value like False (bool)'),
    ('widht=3', "--set: unknown scene options ['widht']; known: width, "
     'height, num_frames'),
])
def test_make_synthetic_set_names_the_bad_option(tmp_path, option, message):
    """A --set mistake stops with the option and what it expects (it used
    to be a TypeError from deep inside the generator), before writing."""
    out = tmp_path / 'out'
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'make_synthetic.py'),
         str(out), '--mot', '--set', option], capture_output=True, text=True)
    assert proc.returncode == 1
    assert message in proc.stderr and 'Traceback' not in proc.stderr
    assert not out.exists()


def _make_synthetic(out, *args):
    return subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'make_synthetic.py'),
         str(out), '--mot', '--convert', '--preset', 'easy', '--no-progress',
         '--set', 'num_frames=3', 'width=96', 'height=96',
         'object_height=[20,40]', *args], capture_output=True, text=True)


def test_make_synthetic_rerun_refuses_then_replaces(tmp_path):
    """A second run into the same folder would leave the first run's
    sequences beside its own (and the converter would read them all): it
    stops, changing nothing, unless --overwrite, which removes them first
    (issue 39, item 3)."""
    out = tmp_path / 'corpus'
    assert _make_synthetic(out, '--train-seqs', '3', '--test-seqs',
                           '1').returncode == 0
    before = {p: p.read_bytes() for p in out.rglob('*') if p.is_file()}
    proc = _make_synthetic(out, '--train-seqs', '1', '--test-seqs', '1')
    assert proc.returncode == 1 and 'Traceback' not in proc.stderr
    assert f'{out}: already holds train, test, annotations of an earlier ' \
        'run' in proc.stderr and '--overwrite' in proc.stderr
    assert before == {p: p.read_bytes() for p in out.rglob('*')
                      if p.is_file()}
    proc = _make_synthetic(out, '--train-seqs', '1', '--test-seqs', '1',
                           '--overwrite')
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(list((out / 'train').iterdir())) == 1
    train = json.loads((out / 'annotations' /
                        'train_cocoformat.json').read_text())
    assert len(train['videos']) == 1
