"""A project outside this repository inherits our configs from an installed
wheel (``_base_ = 'mmtrack_unsup::...'``) and runs them with our tools, as
mmdet's configs are inherited (``mmdet::``)."""
import glob
import os
import os.path as osp
import shutil
import subprocess
import sys

import pytest

from conftest import REPO

DOWNSTREAM = """_base_ = 'mmtrack_unsup::sort/sort_public-det_synthetic-test.py'
data_root = {root!r}
test_dataloader = dict(
    num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root))
model = dict(tracker=dict(match_iou_thr=0.3))
"""


def _copy_sources(dst):
    """The repository's files as git knows them (committed or not ignored),
    so the build sees no work_dirs, data or editable-install links."""
    files = subprocess.run(
        ['git', 'ls-files', '--cached', '--others', '--exclude-standard'],
        cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    for rel in files:
        if osp.isfile(osp.join(REPO, rel)):
            os.makedirs(osp.dirname(osp.join(dst, rel)), exist_ok=True)
            shutil.copy2(osp.join(REPO, rel), osp.join(dst, rel))


def _run(cmd, **kwargs):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                          **kwargs)
    assert proc.returncode == 0, (proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


@pytest.mark.slow
def test_wheel_ships_configs_that_other_projects_inherit(
        tmp_path, synthetic_mot_root):
    src, wheels, site = tmp_path / 'src', tmp_path / 'wheels', tmp_path / 'site'
    _copy_sources(str(src))
    _run([sys.executable, '-m', 'pip', 'wheel', '--no-deps',
          '--no-build-isolation', '-q', '-w', str(wheels), str(src)])
    wheel = glob.glob(str(wheels / 'mmtrack_unsup-*.whl'))
    assert len(wheel) == 1
    _run([sys.executable, '-m', 'pip', 'install', '--no-deps', '-q',
          '--target', str(site), wheel[0]])
    mim = site / 'mmtrack_unsup' / '.mim'
    assert (mim / 'configs' / 'sort' /
            'sort_public-det_synthetic-test.py').is_file()
    assert not (mim / 'configs').is_symlink()

    project = tmp_path / 'my_project'
    project.mkdir()
    (project / 'my_sort.py').write_text(
        DOWNSTREAM.format(root=synthetic_mot_root + '/'))
    env = dict(os.environ, PYTHONPATH=str(site))
    where = _run([sys.executable, '-c',
                  'import mmtrack_unsup; print(mmtrack_unsup.__file__)'],
                 cwd=project, env=env).stdout.strip()
    assert where.startswith(str(site)), where  # the wheel, not the repo
    proc = _run([sys.executable, str(mim / 'tools' / 'test.py'),
                 'my_sort.py', '--work-dir', 'work'], cwd=project, env=env)
    log = open(glob.glob(str(project / 'work' / '*' / '*.log'))[0]).read()
    assert 'MOTChallenge/HOTA' in log or 'HOTA' in proc.stdout + log
    # the override of the downstream project reached the model, and every
    # component of the `mmtrack_unsup` scope was found without fallbacks
    assert "match_iou_thr=0.3" in log
    assert 'Failed to' not in proc.stderr + log
