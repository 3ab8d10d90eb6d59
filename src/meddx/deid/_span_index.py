"""Overlap and cover questions about a fixed list of spans in O(log n) each (session 20,
branch deidleft20).

Note-level passes asked, for each mention of a word, "does any span overlap these
characters?" and "which span covers them?" by walking every span of the note: quadratic in a
note with thousands of facility mentions. :class:`SpanIndex` answers both with a binary search
over the spans' starts and the running maximum of their ends, and gives exactly the answers of
the walk (the lowest covering index, as ``next(i for i, s in enumerate(spans) if ...)``), for
sorted spans, overlapping or not. Spans not sorted by start are answered by the walk itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from meddx.deid._span import Span

__all__ = ["SpanIndex"]


class SpanIndex:
    """``overlaps(a, b)``: some span has ``start < b`` and ``a < end``; ``cover(a, b)``: the
    lowest index of a span with ``start <= a`` and ``b <= end`` (None: none)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self.in_order = all(spans[i].start <= spans[i + 1].start for i in range(len(spans) - 1))
        pairs = [(s.start, s.end) for s in spans]
        if not self.in_order:
            pairs.sort()
        self._starts = [p[0] for p in pairs]
        self._reach = list(accumulate((p[1] for p in pairs), max))  # the furthest end so far

    def overlaps(self, a: int, b: int) -> bool:
        n = bisect_left(self._starts, b)  # the spans that start before b
        return n > 0 and self._reach[n - 1] > a

    def cover(self, a: int, b: int) -> int | None:
        if not self.in_order:
            return next((i for i, s in enumerate(self.spans) if s.start <= a and b <= s.end), None)
        last = bisect_right(self._starts, a) - 1  # the spans that start at or before a
        first = bisect_left(self._reach, b)  # the first span that ends at or after b
        return first if first <= last else None
