"""Find a rule's matches from the literal words it starts with (a CPU shortcut, same matches).

A rule such as ``(?=[A-Za-z])\\b(?i:report|case|order|...)(?![A-Za-z])...`` starts with an
alternation of words. Python's regex engine tries it at every position of a note (the head's
look-around hides the first letters from its prefix scan), about 30-45 µs per 1 KB note.
``str.find`` of each word's shortest distinct prefix finds every position where a match can
start far faster; ``regex.match`` there, taking the positions in order and skipping those inside
the previous match, returns exactly the matches of ``regex.finditer`` (``match`` at a position
sees the text before it, so look-behinds and ``\\b`` read the same characters).

Only for ASCII text (the rules detector's ASCII twins): a case-insensitive literal then matches
exactly where the lower-cased text holds its lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons: no shortcut
    _c = _p = None

__all__ = ["LiteralHeads", "digit_firsts", "digit_led", "finditer", "literal_heads", "match_from",
           "parse"]


class LiteralHeads:
    """The words a pattern's matches start with; ``icase``: they are found in the lower-cased
    text (the pattern ignores their case)."""

    __slots__ = ("free", "icase", "led", "open3", "words")

    def __init__(self, words: tuple[str, ...], icase: bool, led: bool = False) -> None:
        self.words, self.icase = words, icase
        # no ASCII letter before a match: a word opening with three lower-case letters is then
        # found only at the start of a run of such letters, in any text (deidspeed15: also
        # case-sensitive heads, read on lower-cased or mixed-case text)
        self.led = led
        # the words by their first three letters; ``free``: the others (not gated)
        self.open3: dict[str, list[str]] = {}
        free = []
        for w in words:
            o = w[:3]
            if len(o) == 3 and o.isalpha() and o.isascii() and o.islower():
                self.open3.setdefault(o, []).append(w)
            else:
                free.append(w)
        self.free = tuple(free)

    def finditer(self, regex: re.Pattern[str], string: str, low: str) -> Iterator[re.Match[str]]:
        """``regex.finditer(string)``, from the words' positions (``low``: ``string.lower()``,
        same length; ASCII text only)."""
        return match_from(regex, string, self.starts(low if self.icase else string, self.led))

    def starts(self, where: str, at_runs: bool = False) -> list[int]:
        """The sorted positions of the words in ``where`` (the lower-cased text when ``icase``).
        ``at_runs`` (lower-case ASCII ``where``): only the positions with no letter before them
        matter to the caller; a word whose first three letters open no run of letters in
        ``where`` is then not searched (it has no such position; others keep all theirs)."""
        starts = []
        words = self.words
        if at_runs:
            words = list(self.free)
            for o in _openings(where).intersection(self.open3):
                words += self.open3[o]
        for word in words:
            i = where.find(word)
            while i >= 0:
                starts.append(i)
                i = where.find(word, i + 1)
        starts.sort()
        return starts


_RUN = re.compile(r"[a-z]{3,}")


@lru_cache(maxsize=8)  # a note's lower-cased and mixed-case text, and its case view's
def run_openings(low: str) -> frozenset[str]:
    """The first three letters of each run of three or more letters in ``low`` (lower-cased
    ASCII text), cached for the last few texts: a word of three lower-case letters or more,
    found at a position with no letter before it, starts such a run with its first three."""
    return frozenset({r[:3] for r in _RUN.findall(low)})


@lru_cache(maxsize=8)
def _openings(where: str) -> frozenset[str]:
    """The openings that gate word-start heads in ``where``: those of its lower-cased form on
    ASCII text (a superset of its own: a word opening in lower case with no letter before it
    also does so there; one scan serves the note's mixed-case and lower-cased text)."""
    return run_openings(where.lower() if where.isascii() else where)


def match_from(regex: re.Pattern[str], string: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``regex.finditer(string)`` when every match starts at one of ``starts`` (sorted): the
    matches at those positions, in order, skipping positions inside the previous match."""
    end = 0
    match = regex.match
    for p in starts:
        if p < end:
            continue
        m = match(string, p)
        if m is not None:
            end = m.end()
            yield m


def _zero_width(items: list) -> int:
    """How many look-arounds and anchors open the parsed sequence ``items``."""
    k = 0
    while k < len(items) and items[k][0] in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        k += 1
    return k


def _prefixes(items: list, icase: bool, optional: bool = False) -> list[tuple[str, bool]] | None:
    """(literal prefix, ignore case) of each way ``items`` (a parsed sequence) can start; None
    when one way starts with something other than a literal. With ``optional``, an optional
    element ("X?") gives the ways with it and those without."""
    k = _zero_width(items)  # zero-width: the candidates only grow
    if k == len(items):
        return None
    op, av = items[k]
    if op is _c.LITERAL:
        return _literal_run(items, k, icase, optional)
    if op is _c.SUBPATTERN:  # "(?i:acc)ount": the sub-pattern's own literals
        _group, add, delete, sub = av
        inner = (icase or bool(add & _c.SRE_FLAG_IGNORECASE)) and not delete & _c.SRE_FLAG_IGNORECASE
        return _prefixes(list(sub.data), inner, optional)
    if op is _c.BRANCH:
        out: list[tuple[str, bool]] = []
        for branch in av[1]:
            got = _prefixes(list(branch.data), icase, optional)
            if got is None:
                return None
            out += got
        return out
    if optional and _optional(op, av):  # "(?:back[ \t]+)?in": the ways with it and without
        with_it = _prefixes(list(av[2].data) + items[k + 1:], icase, optional)
        without = _prefixes(items[k + 1:], icase, optional)
        return None if with_it is None or without is None else with_it + without
    return None


def _optional(op, av) -> bool:
    """Whether the parsed element is "X?" (greedy or lazy)."""
    return op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0 and av[1] == 1


def _literal_run(items: list, k: int, icase: bool, optional: bool = False) -> list[tuple[str, bool]]:
    """The run of literals from ``items[k]``, with the ways a branch right after it starts
    ("p(?:atient|t)": the parser takes a shared first letter out): "patient", "pt"; not a
    bracket before 150 relation words: "(" alone is rare enough."""
    j = k
    while j < len(items) and items[j][0] is _c.LITERAL:
        j += 1
    run = "".join(chr(av) for _, av in items[k:j])
    if j < len(items) and (items[j][0] in (_c.BRANCH, _c.SUBPATTERN)
                           or optional and _optional(*items[j])):
        rest = _prefixes(items[j:], icase, optional)
        if rest and len(rest) <= 8 and all(ic == icase and w for w, ic in rest):
            return [(run + w, icase) for w, _ in rest]
    return [(run, icase)]


def parse(regex: re.Pattern[str]):
    """The parsed form of ``regex`` (Python's own parser), or None: an older Python, a verbose
    or an odd pattern (no shortcut then)."""
    if _p is None or regex.flags & re.VERBOSE:
        return None
    try:
        return _p.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - an odd pattern: no shortcut
        return None


def literal_heads(regex: re.Pattern[str], max_words: int = 40) -> LiteralHeads | None:
    """The literal heads of ``regex`` (module docstring), or None when it does not start with
    literals, mixes case-sensitive and -insensitive heads, has more than ``max_words`` distinct
    prefixes, or one that is a frequent character or a number."""
    parsed = parse(regex)
    if parsed is None:
        return None
    icase = bool(regex.flags & re.IGNORECASE)
    # optional elements read only where the heads without them fail ("c-?section", "(?:back )?in"):
    # a pattern's heads, once found, stay as they were
    heads = _heads(_prefixes(list(parsed.data), icase), max_words) or _heads(
        _prefixes(list(parsed.data), icase, optional=True), max_words)
    if heads is not None and _no_letter_before(list(parsed.data)):
        led = LiteralHeads(heads.words, heads.icase, led=True)
        if led.icase or led.open3:  # case-sensitive: gated if a word opens in lower case
            heads = led
    return heads


def _no_letter_before(items: list) -> bool:
    """Whether a match of the parsed sequence ``items`` can start only where no ASCII letter
    precedes a letter: one of its opening zero-width items (they all hold at the start, also
    those opening a group that opens it) is ``\\b`` or a look-behind refusing every letter
    ("(?<![\\w/])", "(?<![A-Za-z])")."""
    k = _zero_width(items)
    for op, av in items[:k]:
        if op is _c.AT and av is _c.AT_BOUNDARY:
            return True
        if op is _c.ASSERT_NOT and av[0] == -1 and _letters_in(list(av[1].data)):
            return True
    if k < len(items) and items[k][0] is _c.SUBPATTERN:
        return _no_letter_before(list(items[k][1][3].data))
    return False


def _letters_in(items: list) -> bool:
    """Whether the parsed one-character sequence ``items`` matches every ASCII letter."""
    if len(items) != 1 or items[0][0] is not _c.IN:
        return False
    members = items[0][1]
    if any(kind is _c.NEGATE for kind, _ in members):
        return False
    if any(kind is _c.CATEGORY and arg is _c.CATEGORY_WORD for kind, arg in members):
        return True
    ranges = {arg for kind, arg in members if kind is _c.RANGE}
    return (ord("a"), ord("z")) in ranges and (ord("A"), ord("Z")) in ranges


def _heads(got: list[tuple[str, bool]] | None, max_words: int) -> LiteralHeads | None:
    """The :class:`LiteralHeads` of the prefixes ``got`` (:func:`literal_heads`)."""
    if not got or len({icase for _, icase in got}) != 1:
        return None
    icase = got[0][1]
    words = sorted({w.lower() if icase else w for w, _ in got}, key=len)
    if "" in words:
        return None
    kept: list[str] = []
    for w in words:  # "jan" finds every "january": keep the shortest distinct prefixes
        if not any(w.startswith(k) for k in kept):
            kept.append(w)
    if len(kept) > max_words or any(len(w) == 1 and w not in _RARE or w.isdigit() for w in kept):
        return None  # a frequent character or a number: the engine's own scan is as fast (measured)
    return LiteralHeads(tuple(kept), icase)


#: The characters rare enough in notes to be a head alone: a pattern that may start with any
#: other one character keeps its own scan ("s", "p", ",", ":", "." heads were slower, as were
#: the "19" / "20" heads of years).
_RARE = frozenset("#(+@x$%&~^|<>[]{}*=\u2192")


_HEADS: dict[re.Pattern[str], LiteralHeads | None] = {}


def finditer(regex: re.Pattern[str], string: str, low: str | None = None) -> Iterator[re.Match[str]]:
    """``regex.finditer(string)``, found from its literal heads where it has some (``low``:
    ``string.lower()`` if the caller has it). A case-insensitive head needs ASCII text."""
    heads = _HEADS.get(regex, _HEADS)
    if heads is _HEADS:
        heads = _HEADS[regex] = literal_heads(regex)
    if heads is None:
        return regex.finditer(string)
    if heads.icase:
        if not string.isascii():
            return regex.finditer(string)
        if low is None:
            low = string.lower()
    return heads.finditer(regex, string, low if heads.icase else string)


#: A head every match of which starts at a digit with no word character before it:
#: "(?=\d)(?<![\w/.-])", "(?=[19])\b", "\d(?<![\w-]\d)" (a one-character look-behind set that
#: holds ``\w``, or ``\b``).
_DIGIT_LED = re.compile(r"\(\?=(?:\\d|\[[0-9-]+\])\)(?:\\b|\(\?<!\[\\w[^\]]*\]\))"
                        r"|\\d\(\?<!\[\\w[^\]]*\]\\d\)")


def digit_led(regex: re.Pattern[str]) -> bool:
    """Whether every match of ``regex`` (an ASCII twin) starts at a digit with no word
    character before it (``_DIGIT_LED`` heads, no alternation around them): such a pattern can
    be matched only at the note's ``\\b\\d`` positions (:func:`match_from`), skipping its own
    scan of every digit."""
    if _p is None or regex.flags & re.VERBOSE or not _DIGIT_LED.match(regex.pattern):
        return False
    try:
        parsed = _p.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - an odd pattern: no shortcut
        return False
    return bool(parsed.data) and parsed.data[0][0] is not _c.BRANCH


_DIGITS = frozenset("0123456789")


def digit_firsts(regex: re.Pattern[str]) -> frozenset[str]:
    """The digits a match of a :func:`digit_led` ``regex`` may start with (all ten when the
    pattern does not say): read from its leading look-ahead and its first element."""
    try:
        items = list(_p.parse(regex.pattern, regex.flags).data)
    except Exception:  # noqa: BLE001 - an odd pattern: any digit
        return _DIGITS
    allowed = set(_DIGITS)
    k = _zero_width(items)
    for op, av in items[:k]:
        if op is _c.ASSERT and av[0] == 1:  # a look-ahead: "(?=[19])"
            allowed &= _first_chars(list(av[1].data)) or _DIGITS
    allowed &= _first_chars(items[k:]) or _DIGITS
    return frozenset(allowed)


def _first_chars(items: list) -> set[str] | None:
    """The characters a match of the parsed sequence ``items`` starts with; None when unsure."""
    if not items:
        return None
    op, av = items[0]
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        return _set_chars(av)
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            got = _first_chars(list(branch.data))
            if got is None:
                return None
            out |= got
        return out
    if op is _c.SUBPATTERN:
        return _first_chars(list(av[3].data))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _first_chars(list(av[2].data))
    return None


def _set_chars(members: list) -> set[str] | None:
    """The characters of a parsed character set ("[0-9]", "[19]", "\\d"); None when unsure."""
    out: set[str] = set()
    for kind, arg in members:
        if kind is _c.LITERAL:
            out.add(chr(arg))
        elif kind is _c.RANGE and arg[1] - arg[0] < 128:
            out.update(map(chr, range(arg[0], arg[1] + 1)))
        elif kind is _c.CATEGORY and arg is _c.CATEGORY_DIGIT:
            out |= _DIGITS
        else:
            return None
    return out
