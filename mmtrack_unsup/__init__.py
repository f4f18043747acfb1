"""mmtrack_unsup: multi-object trackers trained without video annotations.

Importing the package registers its datasets, transforms, models, metrics and
hooks into mmdet's registries (``default_scope = 'mmdet'``).
"""
from . import datasets, engine, evaluation, models  # noqa: F401 (registration)
from .version import __version__

__all__ = ['__version__']
