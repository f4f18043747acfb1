"""The package's layers point one way: a module imports only from its own
sub-package or from a lower layer (utils < datasets < models < evaluation,
engine < apis), never from a higher one, so that e.g. reading videos
(datasets) never depends on the inference API built on top of it."""
import ast
import os
import os.path as osp

from conftest import REPO

PACKAGE = osp.join(REPO, 'mmtrack_unsup')
# lower number = lower layer; same number, other package = no import either
LAYERS = {'utils': 0, 'registry': 0, 'version': 0, 'datasets': 1,
          'models': 2, 'evaluation': 3, 'engine': 3, 'apis': 4}


def imported_subpackages(source: str, rel: list):
    """``(line, sub-package)`` of every import of ``mmtrack_unsup.X`` in the
    module ``source`` whose path in the package is ``rel`` (absolute or
    relative imports, including those inside functions)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's folder
                base = rel[:-1][:len(rel) - node.level]
                names = ['.'.join(['mmtrack_unsup', *base] +
                                  ([node.module] if node.module else []))]
            else:
                names = [node.module or '']
        else:
            continue
        for name in names:
            parts = name.split('.')
            if parts[0] == 'mmtrack_unsup' and len(parts) > 1:
                yield node.lineno, parts[1]


def test_no_import_reaches_a_higher_layer():
    wrong = []
    for root, _, files in os.walk(PACKAGE):
        for file in files:
            if not file.endswith('.py'):
                continue
            path = osp.join(root, file)
            rel = osp.relpath(path, PACKAGE).split(os.sep)
            if len(rel) == 1:  # the package's __init__ registers everything
                continue
            own = rel[0]
            assert own in LAYERS, f'{own}: give the new sub-package a layer'
            with open(path, encoding='utf-8') as f:
                source = f.read()
            for line, target in imported_subpackages(source, rel):
                if target == own:
                    continue
                if LAYERS[target] >= LAYERS[own]:
                    wrong.append(f'{osp.relpath(path, REPO)}:{line} '
                                 f'({own}) imports {target}')
    assert not wrong, '\n'.join(wrong)


def test_the_walk_sees_relative_and_nested_imports():
    """The checker itself: relative imports one and three levels up, an
    absolute one and one inside a function are all seen."""
    source = ('from .formats import x\n'
              'from ...utils import y\n'
              'import mmtrack_unsup.models.mot\n'
              'def f():\n    from ...apis import video_tracker\n')
    found = [t for _, t in imported_subpackages(
        source, ['datasets', 'converters', 'probe.py'])]
    assert found == ['datasets', 'utils', 'models', 'apis']
