"""Well-known organisations by name, from a bundled lexicon (LOCATION: employers, retailers,
schools, hotels, insurers, DME suppliers; ``resources/organisations.txt``, ~600 names).

A name is knowledge, not a pattern: "retired from Raytheon", "cashier at Market Basket", "a
sophomore at Bridgewater State University", "O2 from Lincare", "stays at a Holiday Inn".

* A bare entry is tagged anywhere: a multi-word name in any case ("home depot", "BANK OF
  AMERICA", "Trader Joe's"), a one-word name capitalised or in ALL CAPS ("Walmart", "USPS",
  not "walmart" alone).
* An entry marked ``|cue`` (a common word, a person's or a town's name, an abbreviation or a
  hospital's short name: "Target", "Apple", "Ford", "Duke", "BU", "Marriott") only after a work,
  school or shop cue within a few words: "works at Target", "student at BU", "laid off from
  Ford", "Employer: Verizon", "attends Northeastern". "target dose", "Apple juice", "Dr. Ford"
  and "Duke criteria" stay.

Cost: one ``findall`` of the note's lower-cased words, one set intersection with the names'
first words, then ``str.find`` of the few first words present; the cue is read only behind a
cued name's match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from meddx.deid._span import Span

__all__ = ["organisation_spans"]

_ALNUM = re.compile(r"[a-z0-9]+")
#: A work, school or shop cue right before a cued name (the lower-cased text behind it).
_CUE = re.compile(
    r"(?:\b(?:works?|worked|working|employed|employee|employer|retired|job|jobs|student|studies|"
    r"studied|enrolled|shops?|shopped|shopping|cashier|clerk|manager|supervisor|driver|drives|"
    r"drove|delivers|delivered|laid[ \t]+off|fired|quit|volunteers?|volunteered|barista|stocker|"
    r"engineer|teacher|professor|graduated|grad|freshman|sophomore|junior|senior|lineman|"
    r"machinist|mechanic|associate)\b(?:[ \t]+[a-z'\-]+){0,3}?[ \t]+(?:at|for|from|by|with)"
    r"|\b(?:attends|attended|attending|employer:?))[ \t]+(?:the[ \t]+|a[ \t]+)?$")
_WINDOW = 60


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[str, bool], ...]]:
    """First word -> (name, needs a cue), longest name first."""
    path = resources.files("meddx.deid").joinpath("resources", "organisations.txt")
    table: dict[str, list[tuple[str, bool]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cued = line.endswith("|cue")
        name = line.removesuffix("|cue").strip()
        table.setdefault(_ALNUM.match(name).group(), []).append((name, cued))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in table.items()}


def _cued(low: str, start: int) -> bool:
    return _CUE.search(low, max(0, start - _WINDOW), start) is not None


def organisation_spans(text: str) -> list[Span]:
    """LOCATION spans of the lexicon's organisation names in ``text``."""
    table = _table()
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: offsets would drift
        return []
    out: list[Span] = []
    for key in table.keys() & set(_ALNUM.findall(low)):
        entries = table[key]
        if len(key) < 3 and not any(name in low for name, _ in entries):
            continue  # "at" (AT&T), "u" (U.S. Postal Service): the whole name first
        i = low.find(key)
        while i >= 0:
            if not i or not (low[i - 1].isalnum() or low[i - 1] in "&'\u2019"):
                span = _match(text, low, i, entries)
                if span is not None:
                    out.append(span)
            i = low.find(key, i + 1)
    return out


def _match(text: str, low: str, i: int, entries: tuple[tuple[str, bool], ...]) -> Span | None:
    """The span of the longest entry found at ``i`` (its cue or its case checked), if any."""
    for name, cued in entries:
        end = i + len(name)
        if not low.startswith(name, i) or (end < len(low) and (low[end].isalnum() or low[end] == "&")):
            continue
        if cued:
            if not _cued(low, i):
                continue
        elif " " not in name and not text[i].isupper():
            continue
        return Span(i, end, "LOCATION", "places", 0.8)
    return None
