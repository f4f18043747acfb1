"""Counting of documented skips, reported once at the end of a job."""
from collections import Counter
from typing import Dict, List, Optional


class SkipCounter:
    """Counts input records skipped for a documented reason.

    Readers call :meth:`skip` for every record they drop (a box of zero size,
    a NaN score, ...) and the caller prints :meth:`summary` at the end, so no
    record disappears silently. The first few locations of every reason are
    kept so the user can find them.

    Args:
        max_examples (int): Locations remembered per reason. Defaults to 3.
    """

    def __init__(self, max_examples: int = 3) -> None:
        self.counts: Counter = Counter()
        self.examples: Dict[str, List[str]] = {}
        self.max_examples = max_examples

    def skip(self, reason: str, where: Optional[str] = None) -> None:
        self.counts[reason] += 1
        if where is not None:
            examples = self.examples.setdefault(reason, [])
            if len(examples) < self.max_examples:
                examples.append(where)

    def update(self, other: 'SkipCounter') -> None:
        self.counts.update(other.counts)
        for reason, examples in other.examples.items():
            mine = self.examples.setdefault(reason, [])
            mine.extend(examples[:self.max_examples - len(mine)])

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        if not self.counts:
            return 'skipped records: none'
        lines = [f'skipped records: {self.total}']
        for reason, n in sorted(self.counts.items()):
            where = ', '.join(self.examples.get(reason, []))
            lines.append(f'  {n:6d}  {reason}' + (f'  (e.g. {where})'
                                                   if where else ''))
        return '\n'.join(lines)
