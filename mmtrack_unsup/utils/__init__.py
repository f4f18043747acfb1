from .io import (DataFormatError, atomic_open, check_output_dir,
                 dump_json_atomic, dump_jsons_atomic, load_json)
from .skip_counter import SkipCounter

__all__ = [
    'DataFormatError', 'atomic_open', 'check_output_dir', 'dump_json_atomic',
    'dump_jsons_atomic', 'load_json', 'SkipCounter'
]
