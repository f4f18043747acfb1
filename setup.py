"""Installs the ``mmtrack_unsup`` OpenMMLab plugin.

Install torch and mmcv (with compiled ops) first, see README.md; then
``pip install -e .``.
"""
import os.path as osp

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


setup(
    name='mmtrack_unsup',
    version=read_version(),
    description='Multi-object trackers trained without video annotations '
    '(cross-input consistency; SOLO-Track), as an OpenMMLab plugin',
    long_description=open('README.md').read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('configs', 'tools', 'tests')),
    python_requires='>=3.8',
    install_requires=read_requirements('runtime.txt'),
    extras_require=dict(tests=read_requirements('tests.txt')),
    license='Apache License 2.0',
    zip_safe=False)
