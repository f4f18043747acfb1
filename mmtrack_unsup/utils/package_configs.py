"""Let mmengine resolve ``_base_ = 'mmtrack_unsup::FOLDER/CONFIG.py'``.

mmengine 0.10 resolves ``PACKAGE::`` bases only for the OpenMMLab packages it
lists (``PKG2PROJECT``), and finds a package's folder as
``site-packages/PACKAGE``, which does not exist for a PEP 660 editable
install (setuptools maps the package through an import hook). Both are
mended here for this package only: the name is added to the list, and the
folder of ``mmtrack_unsup`` is taken from the imported package itself.
"""
import os.path as osp

PACKAGE = 'mmtrack_unsup'


def enable_package_configs() -> None:
    """Make ``mmtrack_unsup::`` config bases resolvable (idempotent)."""
    from mmengine.config import config as config_module
    from mmengine.config import utils as config_utils

    config_utils.PKG2PROJECT.setdefault(PACKAGE, PACKAGE)
    original = config_module.get_installed_path
    if getattr(original, '_mmtrack_unsup', False):
        return

    def get_installed_path(package: str) -> str:
        if package == PACKAGE:
            import mmtrack_unsup
            return osp.dirname(osp.abspath(mmtrack_unsup.__file__))
        return original(package)

    get_installed_path._mmtrack_unsup = True
    config_module.get_installed_path = get_installed_path
