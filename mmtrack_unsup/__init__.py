"""mmtrack_unsup: multi-object trackers trained without video annotations.

Importing the package registers its datasets, transforms, models, metrics and
hooks into mmdet's registries (``default_scope = 'mmdet'``), and lets
mmengine resolve ``_base_ = 'mmtrack_unsup::FOLDER/CONFIG.py'`` to the configs
the package carries in ``mmtrack_unsup/.mim/configs`` (as ``mmdet::``).
"""
from . import datasets, engine, evaluation, models  # noqa: F401 (registration)
from .utils.package_configs import enable_package_configs
from .version import __version__

enable_package_configs()

__all__ = ['__version__']
