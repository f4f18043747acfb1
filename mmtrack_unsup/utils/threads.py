"""Intra-op thread count for code made of many tiny tensor operations."""
from contextlib import contextmanager
from typing import Iterator, Optional

import torch


@contextmanager
def intra_op_threads(num: Optional[int]) -> Iterator[None]:
    """Run the block with ``num`` intra-op threads (``None``: unchanged),
    then restore the previous count, also on error.

    A tracker's per-frame work is dozens of operations on tensors of a few
    dozen rows: starting and synchronising threads for each costs more than
    it saves, the more so when another process keeps the cores busy.
    """
    if num is None:
        yield
        return
    if num < 1:
        raise ValueError(f'num_threads must be >= 1 or None, got {num}')
    before = torch.get_num_threads()
    torch.set_num_threads(num)
    try:
        yield
    finally:
        torch.set_num_threads(before)
