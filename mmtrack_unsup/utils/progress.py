"""Progress bars for converters and generators (tqdm, off for tests/CI)."""
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

T = TypeVar('T')


def track_iter(items: Iterable[T], desc: str, enabled: bool = True
               ) -> Iterator[T]:
    """Iterate ``items`` with a tqdm bar named ``desc`` when ``enabled``."""
    return iter(tqdm(items, desc=desc, disable=not enabled, dynamic_ncols=True))
