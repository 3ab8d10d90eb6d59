"""A layout-normalised view of a note: the same length (offsets unchanged), plain spacing.

Real exported notes are hard-wrapped at 60-100 columns, carry CRLF line ends, tabs, non-breaking
spaces, curly quotes and en dashes; the detectors' cues are written for plain text ("Dr. John
Smith", "O'Brien", "555-0134", "St. Mary's Hospital"). :func:`layout_view` maps each character
to one character, so every span found on the view is a span of the note:

* horizontal spaces (tab, U+00A0 and the other Unicode spaces) become a space; "\\r\\n"
  becomes " \\n" and a lone "\\r", a form feed or a vertical tab a line break;
* curly quotes and primes become ``'`` and ``"``; hyphens, en and em dashes and the minus sign
  become ``-``; a bullet becomes ``-`` and an ellipsis ``.``;
* in a hard-wrapped note, a line break that a text editor made becomes a space ("seen by Dr.
  John\nSmith", "March\n3, 2019"). The note's wrap width is its longest line of at most
  :data:`_MAX_WIDTH` characters, when at least two lines end near it and more lines end near
  it than pass it. A break is a wrap when its line ends near the width and the next line's
  first word would not have fitted on it, and only when at least half such breaks fall
  mid-sentence (a note written line by line ends its long lines with a period; a line ending
  with a title or an initial, "Dr." or "F.", ends mid-sentence). Short lines
  (a header label, "BP 120/80", the end of a paragraph) never qualify, nor a next line that
  starts a list item, is indented or is a label ("Plan:"). Nor a break between two rows of a
  table, which an editor did not make: both lines hold a "|", or the same number (three or
  more) of tab-separated cells of at most four words, or a gap of two or more spaces (not after
  a sentence's end) that starts a column at the same place on both; or both start with a
  number of the same shape ("0800 HR 88 ...", "0900 HR 92 ...": a flowsheet's rows). Such
  breaks do not count towards the half either.

A note of plain ASCII spacing that is not hard-wrapped is returned as it is (one scan).
"""

from __future__ import annotations

import re

__all__ = ["layout_view"]

_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_TABLE = str.maketrans({
    **dict.fromkeys(_SPACES, " "), "\f": "\n", "\v": "\n", "\x85": "\n", "\u2028": "\n",
    "\u2029": "\n", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2022\u25aa\u25e6\u2043", "-"),
    "\u2026": ".",
})
#: wrap widths the view recognises (a longer line is a paragraph on one line)
_MIN_WIDTH, _MAX_WIDTH = 40, 100
#: a line ends "near" the width when at most this many columns are left
_NEAR = 15
_SENTENCE_END = frozenset(".!?:;")
#: a line that ends with a title or an initial ("Dr.", "St.", "F.") ends mid-sentence
_TITLE_END = re.compile(r"(?i)(?<![^\W\d_])(?:[a-z]|drs?|mrs?|ms|st|mt|ft)\.$")
_LIST_ITEM = re.compile(r"[-*+>#]|\d{1,2}[.)]\s|[A-Za-z][.)]\s")


def layout_view(text: str) -> str:
    """``text`` with plain spacing, quotes and dashes and its editor wraps undone (module
    docstring); the same length, so offsets into the view are offsets into ``text``."""
    raw = text
    if not text.isascii() or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        if "\r" in text:
            text = text.replace("\r\n", " \n").replace("\r", "\n")
        text = text.translate(_TABLE)
    return _unwrapped(text, raw) if "\n" in text else text


#: a column gap inside a line: a tab, or two or more spaces not after a sentence's end
_GAP = re.compile(r"(?<=\S)[^\S\n]*\t[^\S\n]*(?=\S)|(?<=[^\s.!?])[^\S\n]{2,}(?=\S)")
#: the most words in a cell of a tab-separated row
_CELL_WORDS = 4
_NUMBER_SHAPE = str.maketrans("0123456789", "9999999999")


def _columns(line: str) -> tuple[int, frozenset[int]]:
    """(how many tab-separated cells the line has when it reads as such, else 0; where the
    columns after its space gaps start). Cells are short: a tab typed for a space in prose
    leaves longer runs of words between tabs."""
    tabs, starts = 0, set()
    for m in _GAP.finditer(line):
        if "\t" in m.group():
            tabs += 1
        else:
            starts.add(m.end())
    if tabs and max(len(cell.split()) for cell in line.split("\t")) > _CELL_WORDS:
        tabs = 0
    return tabs + 1 if tabs else 0, frozenset(starts)


def _table_rows(line: str, nxt: str) -> bool:
    """Whether ``line`` and ``nxt`` (as written: tabs kept) are two rows of one table."""
    if "|" in line and "|" in nxt:
        return True
    first, second = line.split(None, 1)[:1], nxt.split(None, 1)[:1]
    if first and second and any(c.isdigit() for c in first[0]) and len(first[0]) > 1 \
            and first[0].translate(_NUMBER_SHAPE) == second[0].translate(_NUMBER_SHAPE):
        return True
    cells, starts = _columns(line)
    if not cells and not starts:
        return False
    cells_next, starts_next = _columns(nxt)
    return (cells > 2 and cells == cells_next) or bool(starts & starts_next)


def _unwrapped(text: str, raw: str) -> str:
    lines = text.split("\n")
    if len(lines) < 3:
        return text
    ends = [len(line.rstrip()) for line in lines]
    width = max((n for n in ends if n <= _MAX_WIDTH), default=0)
    if width < _MIN_WIDTH:
        return text
    near = sum(width - _NEAR <= n <= width for n in ends)
    if near < 2 or near <= sum(n > width for n in ends):
        return text
    joins = []
    pos = -1
    for line, end, nxt in zip(lines, ends, lines[1:], strict=False):
        pos += len(line) + 1  # the line break after ``line``
        if not width - _NEAR <= end <= width or not nxt or nxt[0] == " ":
            continue
        word = nxt.split(" ", 1)[0]
        if end + 1 + len(word) > width and not _LIST_ITEM.match(nxt) \
                and not nxt.rstrip().endswith(":") \
                and not _table_rows(raw[pos - len(line):pos], raw[pos + 1:pos + 1 + len(nxt)]):
            joins.append((pos, line[end - 1] not in _SENTENCE_END
                          or _TITLE_END.search(line, max(0, end - 5), end) is not None))
    # an editor breaks mid-sentence far more often than at a sentence end; lines that end
    # sentences are a note written line by line
    if 2 * sum(mid for _, mid in joins) < len(joins) or not joins:
        return text
    out = list(text)
    for i, _ in joins:
        out[i] = " "
    return "".join(out)
