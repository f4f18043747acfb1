from .io import DataFormatError, atomic_open, dump_json_atomic, load_json
from .skip_counter import SkipCounter

__all__ = [
    'DataFormatError', 'atomic_open', 'dump_json_atomic', 'load_json',
    'SkipCounter'
]
