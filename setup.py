"""Installs the ``mmtrack_unsup`` OpenMMLab plugin.

Install torch and mmcv (with compiled ops) first, see README.md; then
``pip install -e .``.

As mmdet does, the package carries ``configs/``, ``tools/`` and ``model-index.yml`` in
``mmtrack_unsup/.mim/`` (copied into wheels and sdists, linked for editable
installs), so a project outside this repository can inherit
``_base_ = 'mmtrack_unsup::cross_input/...'`` and run our tools (or
``mim train mmtrack_unsup ...``).
"""
import os
import os.path as osp
import shutil
import sys

from setuptools import find_packages, setup


def read_requirements(name):
    with open(osp.join(osp.dirname(__file__), 'requirements', name)) as f:
        return [line.strip() for line in f
                if line.strip() and not line.startswith(('#', '-r'))]


def read_version():
    scope = {}
    with open(osp.join(osp.dirname(__file__), 'mmtrack_unsup',
                       'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


def add_mim_extension():
    """Put ``configs``, ``tools`` and ``model-index.yml`` into
    ``mmtrack_unsup/.mim``."""
    if {'develop', 'editable_wheel'} & set(sys.argv):
        mode = 'symlink'
    elif {'sdist', 'bdist_wheel', 'build', 'install'} & set(sys.argv):
        mode = 'copy'
    else:
        return
    repo = osp.dirname(osp.abspath(__file__))
    mim = osp.join(repo, 'mmtrack_unsup', '.mim')
    os.makedirs(mim, exist_ok=True)
    for name in ('configs', 'tools', 'model-index.yml'):
        src, dst = osp.join(repo, name), osp.join(mim, name)
        if osp.islink(dst) or osp.isfile(dst):
            os.remove(dst)
        elif osp.isdir(dst):
            shutil.rmtree(dst)
        if mode == 'symlink':
            os.symlink(osp.relpath(src, mim), dst)
        elif osp.isfile(src):
            shutil.copyfile(src, dst)
        else:
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
                '__pycache__', '*.pyc'))


add_mim_extension()
setup(
    name='mmtrack_unsup',
    version=read_version(),
    description='Multi-object trackers trained without video annotations '
    '(cross-input consistency; SOLO-Track), as an OpenMMLab plugin',
    long_description=open('README.md').read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('configs', 'tools', 'tests')),
    include_package_data=True,
    python_requires='>=3.8',
    install_requires=read_requirements('runtime.txt'),
    extras_require=dict(tests=read_requirements('tests.txt')),
    license='Apache License 2.0',
    zip_safe=False)
