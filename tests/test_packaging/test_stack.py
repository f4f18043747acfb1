"""The installed stack: what a run imports must import (DESIGN.md's traps)."""
import importlib.util
import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, timeout=300)


def test_torchvision_absent_or_working():
    """mmengine's Runner imports torchvision whenever it is installed; the
    registry's torchvision wheels are CUDA builds that fail beside the CPU
    torch ("operator torchvision::nms does not exist"), which would break
    every tools/train.py and tools/test.py run."""
    if importlib.util.find_spec('torchvision') is None:
        return  # absent: the Runner skips it
    proc = _run('import torch, torchvision; torchvision.ops.nms('
                'torch.zeros(1, 4), torch.zeros(1), 0.5)')
    assert proc.returncode == 0, (
        'torchvision is installed but broken; uninstall it (pip uninstall '
        'torchvision) or install the build matching torch:\n' +
        proc.stderr[-2000:])


def test_mmpose_imports_without_pulling_torchvision():
    """make install puts mmpose in with --no-deps and xtcocotools built
    against numpy 2; the parts pose tracking uses import, and none of them
    needs torchvision."""
    proc = _run('import sys, mmpose.models, mmpose.datasets, '
                'mmpose.evaluation, xtcocotools.coco; '
                'print("torchvision" in sys.modules)')
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == 'False'
