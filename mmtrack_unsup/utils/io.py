"""Safe file output and input errors that name the file and the line."""
import json
import os
import os.path as osp
import tempfile
from contextlib import contextmanager
from typing import Iterator, Optional, TextIO


class DataFormatError(ValueError):
    """Bad input data; the message names the file and the line or field.

    Args:
        path (str): The offending file.
        message (str): What is wrong.
        line (int, optional): 1-based line number in ``path``.
        field (str, optional): Name of the offending field (json key, ini
            key, column).
    """

    def __init__(self,
                 path: str,
                 message: str,
                 line: Optional[int] = None,
                 field: Optional[str] = None) -> None:
        self.path, self.line, self.field = path, line, field
        where = path if line is None else f'{path}:{line}'
        if field is not None:
            where += f' [{field}]'
        super().__init__(f'{where}: {message}')


@contextmanager
def atomic_open(path: str, mode: str = 'w') -> Iterator[TextIO]:
    """Open ``path`` for writing through a temporary file in the same folder.

    The temporary file replaces ``path`` only when the block exits without an
    exception, so readers never see a half-written file and an existing file
    survives a failed write.
    """
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix='.' + osp.basename(path) + '.', suffix='.tmp', dir=folder)
    try:
        with os.fdopen(fd, mode) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise


def dump_json_atomic(obj, path: str) -> None:
    """Write ``obj`` as json to ``path`` atomically (see :func:`atomic_open`)."""
    with atomic_open(path) as f:
        json.dump(obj, f)


def load_json(path: str) -> dict:
    """Load a json file, turning a parse failure into :class:`DataFormatError`
    that names the file and the line."""
    try:
        with open(path) as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise DataFormatError(path, f'not valid json ({e.msg})',
                              line=e.lineno) from e
