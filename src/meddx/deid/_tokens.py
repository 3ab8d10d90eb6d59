"""Word tokens with offsets, and the small word sets the dictionary detectors share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["FUNCTION_WORDS", "HEAD_NOUNS", "Token", "digit_indices", "end_index",
           "followed_by_head_noun", "has_digit", "key_set", "start_index", "title_count",
           "token_keys", "token_starts", "tokenize", "upper_count", "upper_indices"]

# Letters of any script ("Lucía", "Sørensen", "Ó Súilleabháin"), apostrophes and hyphens inside.
_WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['\u2019-])*[^\W\d_])?\.?")
# The same on ASCII text, where [^\W\d_] is [A-Za-z]: spelled so, it scans twice as fast.
_ASCII_WORD = re.compile(r"[A-Za-z](?:(?:[A-Za-z]|['\u2019-])*[A-Za-z])?\.?")
_HEAD_AFTER = re.compile(r"(?:['\u2019]s)?[\s-]+([A-Za-z]+)")
_ASCII_DIGIT = re.compile(r"[0-9]")


def has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``, one regex scan on ASCII text (where ``isdigit`` is
    0-9); character by character elsewhere (a superscript two is a digit to ``isdigit``, not
    to the regex ``\\d``)."""
    if text.isascii():
        return _ASCII_DIGIT.search(text) is not None
    return any(c.isdigit() for c in text)


def digit_indices(text: str) -> list[int]:
    """``[k for k, c in enumerate(text) if c.isdigit()]``, by regex on ASCII text."""
    if text.isascii():
        return [m.start() for m in _ASCII_DIGIT.finditer(text)]
    return [k for k, c in enumerate(text) if c.isdigit()]


@dataclass(slots=True, eq=False)
class Token:
    """A word at ``[start, end)``; ``end`` excludes a possessive 's and a final period.

    The derived fields are computed once by :func:`tokenize` (the detectors read them often);
    not frozen, as building frozen instances costs several times more."""

    start: int
    end: int
    text: str  # the word without possessive and period
    dot: bool  # followed by a period ("Dr.", "J.")
    key: str = ""  # lower case
    cap: bool = False  # starts with a capital
    upper: bool = False  # ALL CAPS, two letters or more
    initial: bool = False  # a single capital letter, or a single letter and a period


@lru_cache(maxsize=4)
def tokenize(text: str) -> list[Token]:
    """The word tokens of ``text``. The last few texts are cached: the names and places
    detectors read the same note in turn (callers must not change the list)."""
    out = []
    append = out.append
    for m in (_ASCII_WORD if text.isascii() else _WORD).finditer(text):
        word = m.group()
        dot = word[-1] == "."
        if dot:
            word = word[:-1]
        n = len(word)
        if n > 2 and word[-2:] in _POSSESSIVE:
            word = word[:-2]
            n -= 2
        start = m.start()
        is_upper = word.isupper()
        # an initial: "J", or "j." in lower-case text
        append(Token(start, start + n, word, dot, word.lower(), word[0].isupper(),
                     is_upper and n > 1, n == 1 and (is_upper or dot)))
    return out


_POSSESSIVE = frozenset(("'s", "'S", "\u2019s", "\u2019S"))

# What several detectors read off the same token list (a note's cached tokens): computed once
# per list. Keyed by the list's id, holding the list itself so that the id stays its own.
_VIEWS: dict[int, tuple[list[Token], dict]] = {}


def _view(toks: list[Token]) -> dict:
    got = _VIEWS.get(id(toks))
    if got is not None and got[0] is toks:
        return got[1]
    if len(_VIEWS) >= 8:
        _VIEWS.clear()
    view: dict = {}
    _VIEWS[id(toks)] = (toks, view)
    return view


def _cached(toks: list[Token], name: str, build):
    """``build(toks)``, computed once per token list (callers must not change the result)."""
    view = _view(toks)
    got = view.get(name)
    if got is None:
        got = view[name] = build(toks)
    return got


def token_keys(toks: list[Token]) -> list[str]:
    """``[t.key for t in toks]``, built once per token list (callers must not change either)."""
    return _cached(toks, "keys", lambda ts: [t.key for t in ts])


def key_set(toks: list[Token]) -> frozenset[str]:
    """The distinct keys of ``toks`` (a "may this note hold my cue word" test), built once."""
    return _cached(toks, "key_set", lambda ts: frozenset(token_keys(ts)))


def token_starts(toks: list[Token]) -> list[int]:
    """``[t.start for t in toks]`` (sorted: for bisect), built once per token list."""
    return _cached(toks, "starts", lambda ts: [t.start for t in ts])


def end_index(toks: list[Token]) -> dict[int, int]:
    """Where a token ends -> its index (tokens never share an end), built once."""
    return _cached(toks, "ends", lambda ts: {t.end: i for i, t in enumerate(ts)})


def start_index(toks: list[Token]) -> dict[int, int]:
    """Where a token starts -> its index, built once."""
    return _cached(toks, "starts_at", lambda ts: {t.start: i for i, t in enumerate(ts)})


def upper_indices(toks: list[Token]) -> list[int]:
    """The indices of the ALL CAPS tokens (two letters or more), in order, found once: the
    rules about capitals read only those."""
    return _cached(toks, "uppers", lambda ts: [i for i, t in enumerate(ts) if t.upper])


def title_count(toks: list[Token], min_len: int = 1) -> int:
    """How many of ``toks`` are title case (a capital, not ALL CAPS) of ``min_len`` letters or
    more (1 or 2); counted once per token list."""
    if min_len == 1:
        return _cached(toks, 1, lambda ts: sum(t.cap and not t.upper for t in ts))
    return _cached(toks, min_len, lambda ts: sum(t.cap and not t.upper and len(t.text) >= min_len
                                                 for t in ts))


def upper_count(toks: list[Token]) -> int:
    """How many of ``toks`` are ALL CAPS (two letters or more); counted once per token list."""
    return _cached(toks, "upper", lambda ts: sum(t.upper for t in ts))


#: Words that never start or continue a name.
FUNCTION_WORDS = frozenset(
    "a an and as at be but by for from has had have he her him his i if in is it its me my no "
    "not of on or our she so than that the their them then there these they this to too us "
    "was we were what when where which who will with you your per via re pt pts".split()
)

#: A name-like word followed by one of these (optionally after 's) is an eponym, not a name.
HEAD_NOUNS = frozenset(
    "disease syndrome sign signs catheter cath reflex palsy phenomenon test tests maneuver "
    "manoeuvre lymphoma sarcoma tumor tumour ulcer ulcers classification score scale criteria "
    "procedure operation fracture node nodes law equation regression exact correction method "
    "curve curves analysis stain position bag tube drain type disorder esophagus ganglion "
    "hernia diverticulum blotting triad murmur rub sphincter space cell cells body bodies node lines "
    "line blot coefficient rank index pouch shunt valve disease's malformation anomaly "
    "tetralogy encephalopathy aneurysm kappa distribution model estimate estimates "
    "estimator plot plots rats rat mice method's protocol antigen antigens solution element "
    "institute index registry laboratory laboratories recorder nodule circle retractor "
    "retractors stapler staplers clamp clamps clip clips forceps trocar pins tongs".split()
)


def followed_by_head_noun(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` is followed by 's? and a head noun (an eponym)."""
    m = _HEAD_AFTER.match(text, end, end + 40)
    return bool(m) and m.group(1).lower() in HEAD_NOUNS
