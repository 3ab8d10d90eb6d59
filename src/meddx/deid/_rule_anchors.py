"""Where the matches of a few costly rules can start (a CPU shortcut for the rules detector).

A rule with no literal head (``_literal_heads``) and no digit head is tried by the regex engine
at every position of a note. For the rules below, a cheap scan finds a short list of positions
that holds the start of every match; ``match_from`` then tries the rule only there, in order,
skipping positions inside the previous match: the matches of ``finditer``.

Each anchor is keyed by the exact source of the rule's ASCII twin, so a rule whose pattern
changes loses its anchor (and is scanned in full again) rather than being matched wrongly. For
ASCII text only (the twins' text).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from meddx.deid._literal_heads import parse

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons: parse() gives None
    _c = _p = None

__all__ = ["anchor_for", "at_word_starts", "next_literal", "not_after", "not_before", "word_led"]

_DIGIT_RUN4 = re.compile(r"\d{4,}", re.ASCII)
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _bare_id_starts(text: str) -> list[int]:
    """Starts of the bare-number ACCOUNT rule (``AB1234567``, ``S19-12345``, ``4471093``).

    A match is letters, digits and hyphens with no word character or hyphen before it, and
    holds four digits in a row: it starts where the run of word characters and hyphens
    around one of the note's runs of four or more digits starts."""
    out = []
    last = -1
    for m in _DIGIT_RUN4.finditer(text):
        s = m.start()
        while s and text[s - 1] in _ID_CHARS:
            s -= 1
        if s != last:
            out.append(s)
            last = s
    return out


#: The ASCII twin's pattern -> where its matches can start.
_ANCHORS: dict[str, Callable[[str], list[int]]] = {
    r"(?=[0-9A-Z])(?<![\w.,/:$+-])(?:([A-Z]{1,3})(?:[0-9]{6,10}|-?[0-9]{2}-[0-9]{4,7})|"
    r"([A-Z]{2,4})-[0-9]{6,10}|[0-9]{7,12})(?![\w/-]|[.,][0-9])": _bare_id_starts,
}


#: A head "\b" or "(?=[set])\b" / "(?=x)\b": every match starts where a word starts.
_WORD_LED = re.compile(r"(?:\(\?=(?:\[[^\]\\]*\]|\w)\))?\\b")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def word_led(regex: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """Whether ``regex`` (an ASCII twin) starts with ``\\b`` (after at most a look-ahead) and
    each of its literal heads ``words`` with a word character: a head found where a word
    character precedes it cannot start a match (the ``\\b`` fails there)."""
    return bool(regex.flags & re.ASCII and _WORD_LED.match(regex.pattern)) and all(
        w[:1] in _WORD_CHARS for w in words)


def at_word_starts(text: str, starts: list[int]) -> list[int]:
    """The positions of ``starts`` with no word character before them (ASCII text)."""
    return [p for p in starts if not p or text[p - 1] not in _WORD_CHARS]


def anchor_for(regex: re.Pattern[str]) -> Callable[[str], list[int]] | None:
    """The start finder of ``regex`` (an ASCII twin), or None."""
    if not regex.flags & re.ASCII:
        return None
    return _ANCHORS.get(regex.pattern)


#: A character set read from a rule, and how far after the match's start it may stand.
Follow = tuple[frozenset[str], int, int]


def next_literal(regex: re.Pattern[str], most: int = 6) -> Follow | None:
    """(chars, lo, hi): every match of ``regex`` holds one of ``chars`` at an offset from
    lo to hi after its start (its first literal character or small set of characters, after
    elements whose widths sum to lo..hi); None when the pattern has no such element or it
    may stand further than ``most`` characters on. A position without one of them there
    cannot start a match (:func:`with_follow`)."""
    parsed = parse(regex)
    if parsed is None or regex.flags & re.IGNORECASE:
        return None
    items = list(parsed.data)
    for k, (op, av) in enumerate(items):
        chars = _chars(op, av)
        if chars is None:
            continue
        lo, hi = _p.SubPattern(parsed.state, items[:k]).getwidth()
        if hi == 0:
            continue  # the first character: its digits are known already
        return (chars, lo, hi) if hi <= most else None
    return None


def _chars(op, av) -> frozenset[str] | None:
    """The characters one element matches when it is a literal, a small set of literals or a
    group holding only one of those; None otherwise."""
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        out = set()
        for kind, arg in av:
            if kind is _c.LITERAL:
                out.add(chr(arg))
            elif kind is _c.RANGE and arg[1] - arg[0] < 16:
                out.update(map(chr, range(arg[0], arg[1] + 1)))
            else:
                return None
        return frozenset(out)
    if op is _c.SUBPATTERN and not av[1] and not av[2] and len(av[3].data) == 1:
        return _chars(*av[3].data[0])
    return None


def with_follow(text: str, starts: list[int], follow: Follow) -> list[int]:
    """The positions of ``starts`` with one of the characters of ``follow`` at an offset lo to
    hi after them (:func:`next_literal`)."""
    chars, lo, hi = follow
    if hi == lo:
        return [p for p in starts if text[p + lo:p + lo + 1] in chars]
    return [p for p in starts if not chars.isdisjoint(text[p + lo:p + hi + 1])]


#: A digit-led rule's look-behind at its start: "(?=\d)(?<![\w/.-])", "(?=[12])(?<![\w/.,:-])",
#: or after its first digit: "\d(?<![\w-]\d)" (the character before that digit).
_LEAD_BEHIND = re.compile(r"\(\?=(?:\\d|\[[0-9-]+\])\)\(\?<!\[([^\]\[]*)\]\)"
                          r"|\\d\(\?<!\[([^\]\[]*)\]\\d\)")


def not_before(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The characters that may not stand right before a match of the digit-led ``regex`` (an
    ASCII twin), read from the look-behind that opens it; None where there is none or its set
    is not a plain one (ranges, negation, letters other than ``\\w``)."""
    if not regex.flags & re.ASCII:
        return None
    m = _LEAD_BEHIND.match(regex.pattern)
    if m is None:
        return None
    body, chars, i = m.group(1) or m.group(2), set(), 0
    if body.startswith("^"):
        return None
    while i < len(body):
        c = body[i]
        if c == "\\":
            e = body[i + 1:i + 2]
            if e == "w":
                chars |= _WORD_CHARS
            elif e == "d":
                chars |= set("0123456789")
            elif e and not e.isalnum():
                chars.add(e)
            else:
                return None
            i += 2
            continue
        if c == "-" and 0 < i < len(body) - 1:
            return None  # a range
        if c.isalpha():
            return None
        chars.add(c)
        i += 1
    return frozenset(chars) if chars else None


def not_after(text: str, starts: list[int], chars: frozenset[str]) -> list[int]:
    """The positions of ``starts`` with none of ``chars`` right before them."""
    return [p for p in starts if not p or text[p - 1] not in chars]
