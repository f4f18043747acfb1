"""Safe file output and input errors that name the file and the line."""
import json
import os
import os.path as osp
import shutil
import tempfile
from contextlib import contextmanager
from typing import Dict, Iterator, Optional, TextIO


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


def _umask_mode() -> int:
    """The mode a plain ``open(path, 'w')`` gives a new file (0o666 less the
    process umask); ``mkstemp`` would leave 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_output_dir(folder: str) -> str:
    """Make sure ``folder`` can take output files before any work is done.

    Creates it if missing. Raises :class:`DataFormatError` naming the folder
    when it is a file or cannot be written, so a long conversion does not
    end in a raw OS error. Returns the folder.
    """
    if osp.exists(folder) and not osp.isdir(folder):
        raise DataFormatError(folder, 'the output path exists and is not a '
                              'folder')
    try:
        os.makedirs(folder, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix='.write-test.', dir=folder)
        os.close(fd)
        os.remove(probe)
    except OSError as e:
        raise DataFormatError(folder, 'cannot write to the output folder '
                              f'({e.strerror or e})') from e
    return folder


@contextmanager
def _temp_beside(path: str, mode: str) -> Iterator[tuple]:
    """A temporary file in ``path``'s folder, removed unless it was
    renamed; yields ``(file, temp_path)``."""
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix='.' + osp.basename(path) + '.', suffix='.tmp', dir=folder)
    try:
        os.fchmod(fd, _umask_mode())
        with os.fdopen(fd, mode) as f:
            yield f, tmp
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise


@contextmanager
def atomic_open(path: str, mode: str = 'w') -> Iterator[TextIO]:
    """Open ``path`` for writing through a temporary file in the same folder.

    The temporary file replaces ``path`` only when the block exits without an
    exception, so readers never see a half-written file and an existing file
    survives a failed write. The file gets the umask's mode, as ``open``
    would give it.
    """
    with _temp_beside(path, mode) as (f, tmp):
        yield f
    try:
        os.replace(tmp, path)
    except BaseException:
        os.remove(tmp)
        raise


def _dump_json(obj, f: TextIO, path: str) -> None:
    try:
        # a bare NaN/Infinity is not json: other readers reject the file
        json.dump(obj, f, allow_nan=False)
    except ValueError as e:
        raise ValueError(f'{path}: refusing to write a non-finite number '
                         f'(NaN/inf) into json ({e})') from e


def dump_json_atomic(obj, path: str) -> None:
    """Write ``obj`` as json to ``path`` atomically (see :func:`atomic_open`).

    Non-finite floats raise instead of being written as bare ``NaN``."""
    with atomic_open(path) as f:
        _dump_json(obj, f, path)


def dump_jsons_atomic(objs: Dict[str, object]) -> None:
    """Write several json files all or none: every file is written to a
    temporary file first, and only when all of them succeeded are they
    renamed into place. A failure leaves every existing file as it was."""
    temps = []
    try:
        for path, obj in objs.items():
            with _temp_beside(path, 'w') as (f, tmp):
                _dump_json(obj, f, path)
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            if osp.exists(tmp):
                os.remove(tmp)


def replace_dir(tmp_dir: str, final_dir: str) -> None:
    """Move a fully written ``tmp_dir`` to ``final_dir``; an older
    ``final_dir`` is removed only after the new one is complete."""
    if osp.isdir(final_dir):
        old = final_dir + '.old'
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final_dir, old)
        os.replace(tmp_dir, final_dir)
        shutil.rmtree(old)
    else:
        os.replace(tmp_dir, final_dir)


def load_json(path: str) -> dict:
    """Load a json file, turning a parse failure into :class:`DataFormatError`
    that names the file and the line."""
    try:
        with open(path) as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise DataFormatError(path, f'not valid json ({e.msg})',
                              line=e.lineno) from e
