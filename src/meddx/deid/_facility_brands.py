"""Care chains named with no cue, in the company's own spelling: "HEMODIALYSIS RUN SHEET  DaVita
Lynn", "Draw at: Quest Diagnostics or LabCorp PSC".

A listed chain (``resources/care_brands.txt``) is tagged anywhere when its form cannot be an
English word: one word with a capital inside it ("DaVita", "LabCorp", "CareOne"), or two words
or more in title case ("Quest Diagnostics", "Rite Aid", "Fresenius Kidney Care"). A one-word
chain in plain title case ("Quest", "Kindred", "Genesis") still needs a care cue
(``_facility_cues``), and so does a chain right after another title-case word ("End Of Life
Care"). A listed town right after the chain, on the same line, is the branch:
"DaVita Lynn", "Fresenius Kidney Care Lowell".
"""

from __future__ import annotations

import re
from functools import lru_cache

from meddx.deid._lexicon import Lexicon, _lines
from meddx.deid._span import Span
from meddx.deid._tokens import Token, token_keys, tokenize

__all__ = ["brand_spans"]

_INNER_CAP = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")
_CONNECT = frozenset(("and", "&", "of"))
#: Chains whose title-case form is also a heading's phrase: "End of Life Care", "One Medical
#: Student", "Home Instead of SNF"; they keep needing a cue.
_PHRASES = frozenset((("life", "care"), ("home", "instead"), ("one", "medical"),
                      ("select", "specialty")))


@lru_cache(maxsize=1)
def _brands() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the listed chains' word keys, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for line in _lines("care_brands.txt"):
        keys = tuple(t.key for t in tokenize(line))
        if keys:
            by_first.setdefault(keys[0], []).append(keys)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _brand_length(keys: list[str], i: int) -> int:
    """The number of words of the longest listed chain at ``keys[i]`` (0: none)."""
    for names in _brands().get(keys[i], ()):
        if tuple(keys[i:i + len(names)]) == names:
            return len(names)
    return 0


def _title(t: Token) -> bool:
    return t.key in _CONNECT or (t.cap and not t.upper)


def brand_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the chains described in the module docstring."""
    out: list[Span] = []
    if not any(map(str.isupper, text)):
        return out
    toks = tokenize(text)
    keys = token_keys(toks)
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.cap or t.upper:
            i += 1
            continue
        n = _brand_length(keys, i)
        if n == 0 or not (n >= 2 and all(_title(x) for x in toks[i:i + n])
                          or n == 1 and _INNER_CAP.fullmatch(t.text)) or \
                any(text[toks[j].end:toks[j + 1].start] not in (" ", " & ") for j in range(i, i + n - 1)):
            i += 1
            continue
        prev = toks[i - 1] if i else None
        if tuple(keys[i:i + n]) in _PHRASES or (prev is not None and prev.cap and not prev.upper
                                               and text[prev.end:t.start] == " "):
            i += n  # "End Of Life Care", "Our Quest Diagnostics": part of a longer title
            continue
        end = toks[i + n - 1].end
        if i + n < len(toks):
            nxt = toks[i + n]
            if text[end:nxt.start] == " " and nxt.cap and not nxt.upper and nxt.key in lex.cities:
                end = nxt.end  # the branch's town: "DaVita Lynn"
        out.append(Span(t.start, end, "HOSPITAL", "places", 0.75))
        i += n
    return out
