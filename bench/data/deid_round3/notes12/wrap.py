"""Build notes12/source from notes12/draft, hard-wrapping the notes that ask for it.

    python bench/data/deid_round3/notes12/wrap.py

A draft note whose style line ends in ``@wrap=N`` (``### icu nursing @wrap=68``) has every line longer
than N columns (of the plain text, markup not counted) broken greedily at a space, the way exported
text is wrapped; the break may fall inside a PHI span or a hard negative (the span then holds a line
break). Only spaces become newlines, so every offset is unchanged. Other notes are copied as written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "deid_heldout"))
from convert import MARK  # noqa: E402

WRAP = re.compile(r"\s*@wrap=(\d+)\s*$")


def plain_map(markup: str) -> tuple[str, list[int]]:
    """Plain text and, for each plain character, its index in the markup."""
    chars: list[str] = []
    where: list[int] = []
    pos = 0
    for m in MARK.finditer(markup):
        for i in range(pos, m.start()):
            chars.append(markup[i])
            where.append(i)
        grp = "s" if m.group("t") else "n"
        for i in range(m.start(grp), m.end(grp)):
            chars.append(markup[i])
            where.append(i)
        pos = m.end()
    for i in range(pos, len(markup)):
        chars.append(markup[i])
        where.append(i)
    return "".join(chars), where


def wrap(markup: str, width: int) -> str:
    text, where = plain_map(markup)
    out = list(markup)
    start = 0
    for line in text.split("\n"):
        col0, brk = start, None
        for j, ch in enumerate(line):
            k = start + j
            if ch == " ":
                brk = k
            if k - col0 >= width and brk is not None and brk > col0:
                out[where[brk]] = "\n"
                col0, brk = brk + 1, None
        start += len(line) + 1
    return "".join(out)


def main() -> int:
    src = HERE / "source"
    src.mkdir(exist_ok=True)
    for path in sorted((HERE / "draft").glob("*.txt")):
        blocks: list[str] = []
        style, body = None, []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "### END"]:
            if line.startswith("### "):
                if style is not None:
                    m = WRAP.search(style)
                    note = "\n".join(body).strip("\n")
                    if m:
                        style, note = style[: m.start()], wrap(note, int(m.group(1)))
                    blocks.append(f"{style}\n{note}\n")
                style, body = line, []
            else:
                body.append(line)
        (src / path.name).write_text("\n".join(blocks), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
