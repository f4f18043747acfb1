"""tools/track_video.py: a user's video in, an annotated video and MOT
tracks out."""
import os
import os.path as osp
import re
import sys

import cv2
import numpy as np
import pytest

from conftest import REPO
from mmtrack_unsup.utils import DataFormatError

sys.path.insert(0, osp.join(REPO, 'tools'))
from track_video import main, parse_args  # noqa: E402

SORT = osp.join(REPO, 'configs', 'sort', 'sort_public-det_synthetic-test.py')
CROSS_INPUT = osp.join(REPO, 'configs', 'cross_input',
                       'cross-input_visual-spatial_1xb8-2k_synthetic.py')


def _video_info(path):
    cap = cv2.VideoCapture(path)
    count = 0
    while cap.read()[0]:
        count += 1
    size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    cap.release()
    return count, size


def _read_frame(path, index):
    cap = cv2.VideoCapture(path)
    for _ in range(index + 1):
        ok, img = cap.read()
    cap.release()
    assert ok
    return img


def _rows(path):
    return np.loadtxt(path, delimiter=',', ndmin=2)


def test_tracks_a_video_on_its_detection_file(own_videos, tmp_path):
    video_dir, det_dir = own_videos
    name = sorted(os.listdir(video_dir))[0]
    det_file = osp.join(det_dir, name.replace('.avi', '.txt'))
    out = str(tmp_path / 'out' / 'tracked.mp4')
    assert main([osp.join(video_dir, name), '--config', SORT, '--out', out,
                 '--det-file', det_file, '--no-progress', '--sheet',
                 str(tmp_path / 'sheet.jpg'), '--sheet-frames', '0', '39']) == 0
    assert _video_info(out) == (40, (320, 192))
    assert cv2.imread(str(tmp_path / 'sheet.jpg')).shape == (480, 1600, 3)
    rows = _rows(out.replace('.mp4', '.txt'))
    dets = _rows(det_file)
    assert set(rows[:, 0].astype(int)) <= set(range(1, 41))
    assert rows[:, 1].min() >= 1 and len(set(rows[:, 1])) >= 2
    # SORT keeps a track only on a detection of that frame
    for frame in set(rows[:, 0]):
        assert (rows[:, 0] == frame).sum() <= (dets[:, 0] == frame).sum()
    assert sorted(os.listdir(tmp_path / 'out')) == ['tracked.mp4',
                                                    'tracked.txt']
    # boxes are drawn: the busiest frame differs from the input in many
    # pixels by more than compression would change them
    frame = int(np.bincount(rows[:, 0].astype(int)).argmax())
    src, drawn = (_read_frame(p, frame - 1)
                  for p in (osp.join(video_dir, name), out))
    changed = (np.abs(src.astype(int) - drawn.astype(int)).max(-1) > 80)
    assert changed.mean() > 0.005


def test_hog_detector_needs_no_weights(own_videos, tmp_path, capsys):
    video_dir, _ = own_videos
    video = osp.join(video_dir, sorted(os.listdir(video_dir))[0])
    out = str(tmp_path / 'hog.avi')
    assert main([video, '--config', SORT, '--out', out, '--max-frames', '3',
                 '--no-progress']) == 0
    assert _video_info(out) == (3, (320, 192))
    assert osp.isfile(str(tmp_path / 'hog.txt'))
    # detection and tracking speed, each measured over the 3 frames
    speed = re.search(r'speed: detection ([\d.]+) FPS, tracking ([\d.]+) '
                      'FPS', capsys.readouterr().out)
    assert speed and all(float(v) > 0 for v in speed.groups())


def test_hog_options_reach_the_detector():
    from mmtrack_unsup.utils.entrypoint import hog_spec
    base = ['v.mp4', '--config', SORT, '--out', 'o.mp4']
    assert hog_spec(parse_args(base)) == dict(kind='hog', box='person')
    # the old boxes and pyramid, as one switch each
    assert hog_spec(parse_args(base + [
        '--hog-box', 'window', '--hog-upscale', '1'])) == dict(
            kind='hog', box='window', upscale=1.0)
    assert hog_spec(parse_args(base + ['--hog-min-person-height', '40'
                                       ]))['min_person_height'] == 40


def test_unreadable_video_writes_nothing(tmp_path):
    bad = tmp_path / 'broken.mp4'
    bad.write_bytes(b'not a video')
    out = tmp_path / 'o.mp4'
    with pytest.raises(DataFormatError, match='broken.mp4'):
        main([str(bad), '--config', SORT, '--out', str(out)])
    assert os.listdir(tmp_path) == ['broken.mp4']


def test_learned_tracker_without_checkpoint_is_refused(own_videos, tmp_path):
    video_dir, _ = own_videos
    video = osp.join(video_dir, sorted(os.listdir(video_dir))[0])
    with pytest.raises(ValueError, match='parameters to learn'):
        main([video, '--config', CROSS_INPUT, '--out',
              str(tmp_path / 'o.mp4')])


def test_output_that_is_the_input_video_is_refused_before_reading(
        own_videos, tmp_path):
    """The CLI as a user runs it: `--out VIDEO` would overwrite the video:
    exit 1, one message naming the file, no traceback, the video unchanged
    byte for byte."""
    import shutil
    import subprocess
    video_dir, _ = own_videos
    video = str(tmp_path / 'walk.avi')
    shutil.copy(osp.join(video_dir, sorted(os.listdir(video_dir))[0]), video)
    before = open(video, 'rb').read()
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'track_video.py'), video,
         '--config', SORT, '--out', video],
        capture_output=True, text=True)
    assert proc.returncode == 1
    assert 'Traceback' not in proc.stderr
    assert f'--out {video}: that is the input' in proc.stderr
    assert open(video, 'rb').read() == before
    assert sorted(os.listdir(tmp_path)) == ['walk.avi']


@pytest.mark.parametrize('flag', ['--out-txt', '--sheet'])
def test_other_outputs_onto_the_input_or_a_folder_are_refused(
        own_videos, tmp_path, flag):
    video_dir, _ = own_videos
    frames = tmp_path / 'frames'
    frames.mkdir()
    img = np.zeros((48, 64, 3), np.uint8)
    for t in range(2):
        cv2.imwrite(str(frames / f'{t:04d}.png'), img)
    listing = sorted(os.listdir(frames))
    # a file inside the input frame folder
    with pytest.raises(SystemExit, match=f'{flag} .*that is the input'):
        main([str(frames), '--config', SORT, '--out',
              str(tmp_path / 'o.mp4'), flag, str(frames / '0000.png')])
    assert sorted(os.listdir(frames)) == listing
    # an existing folder: refused before the video is tracked
    folder = tmp_path / 'existing'
    folder.mkdir()
    with pytest.raises(SystemExit, match=f'{flag} .*is a directory'):
        main([str(frames), '--config', SORT, '--out',
              str(tmp_path / 'o.mp4'), flag, str(folder)])
    # --out itself naming a folder (that ends like a video)
    (tmp_path / 'd.mp4').mkdir()
    with pytest.raises(SystemExit, match='--out .*d.mp4: is a directory'):
        main([str(frames), '--config', SORT, '--out', str(tmp_path / 'd.mp4')])
    # two outputs onto one file
    with pytest.raises(SystemExit, match='--sheet .*--out-txt writes'):
        main([str(frames), '--config', SORT, '--out', str(tmp_path / 'o.mp4'),
              '--out-txt', str(tmp_path / 'x.jpg'), '--sheet',
              str(tmp_path / 'x.jpg')])
    assert sorted(os.listdir(tmp_path)) == ['d.mp4', 'existing', 'frames']


def test_dropped_detection_lines_are_counted_and_none_left_stops(
        own_videos, tmp_path, capsys):
    """A --det-file line with a NaN score is dropped and counted, with its
    line number; a file whose every line is dropped stops the run before
    anything is written (issue 39, items 5 and 9)."""
    video_dir, det_dir = own_videos
    name = sorted(os.listdir(video_dir))[0]
    lines = open(osp.join(det_dir, name.replace('.avi', '.txt'))).read(
    ).splitlines()
    cols = lines[1].split(',')
    cols[6] = 'nan'
    det_file = str(tmp_path / 'det.txt')
    with open(det_file, 'w') as f:
        f.write('\n'.join([lines[0], ','.join(cols)] + lines[2:]) + '\n')
    out = str(tmp_path / 'tracked.mp4')
    assert main([osp.join(video_dir, name), '--config', SORT, '--out', out,
                 '--det-file', det_file, '--no-progress']) == 0
    printed = capsys.readouterr().out
    assert f'{det_file}: skipped records: 1' in printed
    assert 'det: NaN/inf score' in printed and f'{det_file}:2' in printed
    with open(det_file, 'w') as f:
        for line in lines[:3]:
            cols = line.split(',')
            cols[6] = 'nan'
            f.write(','.join(cols) + '\n')
    out = str(tmp_path / 'none' / 'tracked.mp4')
    with pytest.raises(SystemExit, match=f'--det-file {det_file}: no usable '
                       r'detection in the file \(skipped records: 3'):
        main([osp.join(video_dir, name), '--config', SORT, '--out', out,
              '--det-file', det_file, '--no-progress'])
    assert not osp.exists(osp.dirname(out)) or not os.listdir(
        osp.dirname(out))
