"""A note's lines: their bounds from the newline offsets (found once per note) and whether a
line says anything by its letter case, each line's verdict read once (session 29's rules share
it; no rescan of a long line per match, and nothing kept after the note is done)."""

from __future__ import annotations

import re
from bisect import bisect_left

__all__ = ["NoteLines"]


class NoteLines:
    """One note's line bounds and case verdicts, built lazily and kept only with this object."""

    __slots__ = ("_breaks", "_caseless", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks: list[int] | None = None
        self._caseless: dict[tuple[int, int], bool] = {}

    def bounds(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The bounds of the line that holds ``start`` (to the line that holds ``end``)."""
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        breaks = self._breaks
        i = bisect_left(breaks, start)
        a = breaks[i - 1] + 1 if i else 0
        j = bisect_left(breaks, start if end is None else end, i)
        return a, breaks[j] if j < len(breaks) else len(self.text)

    def without_case(self, at: int, end: int | None = None) -> bool:
        """The line holding ``at`` (to the line holding ``end``) has no capital, or no
        lower-case letter: its case says nothing."""
        a, b = self.bounds(at, end)
        verdict = self._caseless.get((a, b))
        if verdict is None:
            line = self.text[a:b]
            verdict = self._caseless[(a, b)] = line == line.lower() or line == line.upper()
        return verdict
