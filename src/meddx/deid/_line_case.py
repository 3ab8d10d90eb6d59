"""Whether a line of a note says anything by its letter case (session 29's rules share it)."""

from __future__ import annotations

__all__ = ["line_without_case"]


def line_without_case(text: str, at: int) -> bool:
    """The line holding ``at`` has no capital, or no lower-case letter: its case says nothing."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:len(text) if end < 0 else end]
    return line == line.lower() or line == line.upper()
