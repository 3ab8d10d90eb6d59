"""Rewrite one ``## `` section of a markdown file in place (benchmark scripts share it)."""

from __future__ import annotations

from pathlib import Path


def write_section(doc: Path, heading: str, text: str) -> None:
    """Replace the section that starts with the line ``heading`` by ``text``, or append it."""
    from meddx._io import atomic_write_text

    old = doc.read_text() if doc.is_file() else "# Benchmarks\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    if start is None:
        new = old.rstrip() + "\n\n" + text
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + text + ("\n" + rest if rest else "")
    atomic_write_text(doc, new)
