"""crop_cnn_speed: both layouts give the same outputs, and --bf16 reports
its speed and how far bfloat16 moves the outputs."""
import os.path as osp
import re
import sys

from conftest import REPO


def test_crop_cnn_speed_prints_layouts_and_bf16_row(capsys):
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from crop_cnn_speed import main
    main(['--channels', '4', '8', '--size', '16', '--crops', '3',
          '--batch', '4', '--rounds', '1', '--bf16'])
    out = capsys.readouterr().out
    assert '| default (NCHW) |' in out and '| channels-last (CropCNN) |' in out
    # the two layouts compute the same function
    diff = float(re.search(r'largest output difference: (\S+)', out)[1])
    assert diff < 1e-5
    # bfloat16 keeps about 3 significant digits: a relative difference
    # above 0 (it is not fp32) and well below 1 (it is the same network)
    rel = float(re.search(r'largest difference (\S+) of the output', out)[1])
    assert 0 < rel < 0.1
