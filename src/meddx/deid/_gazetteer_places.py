"""Small towns and counties from the larger gazetteer (``_gazetteer``), behind cues only.

* **Counties** (LOCATION), in any case, the whole "X County" / "X Parish" / "X Borough" when it
  is a listed US county: "Divide County", "grew up in brown county", "MCKENZIE COUNTY"; the
  first word may be a plain word ("Grand", "Brown", "Union"). Read only when the note holds
  "county", "parish" or "borough".
* **Towns after a residence cue** (LOCATION): "lives in Sauk Centre", "moved back to Walden",
  "grew up in Hope", "native of Ray", "resides near Moira", "lives on a farm outside Cody"
  (one to three words, the longest listed place). A town that is a common, clinical or
  first-name word ("Hope", "Commerce", "Why", "Florence") needs a capital and a strong cue
  (lives, resides, moved, grew up, born, raised, native, hometown); after "outside", "near"
  and "home" only a word no reader would take for English counts. Every cue but "outside" and
  "near" needs its preposition ("moved Florence to chair", "resident Bowman" are people).
  Lower-case towns need a word that is not plain ("lives in sauk centre"); never a clinical
  word, a state, or a word that a facility or eponym head noun follows ("moved to Mercy
  Hospital", "born in Hope Hospital" are the facility rules').

* **Towns after a place preposition** (LOCATION, session 15): "baseline eye exam with Dr Troy
  in Muscle Shoals", "referred to pulm in Reno", "en route from Wasilla", "lives with his
  brother in\nNeedles": a listed town of one to three words, each capitalised (not ALL CAPS),
  after "in", "from", "near" or "outside" (a line break may come between), that is no plain
  word ("Hope") unless a residence cue opens the clause, no country, and no facility's first
  words, nor one a capitalised word other than a state follows ("in New England Journal of
  Medicine"). In lower case the town needs a residence cue earlier in its clause ("lives w/ husband
  dale in wasilla") and a word that is not common.

Look-alikes left alone: "no hope", "modified independence", "Normal sinus rhythm", "near
syncope", "outside hospital", "home health", "Florence Nightingale".
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import COUNTRIES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["affiliation_clause", "gazetteer_place_spans", "longest_town", "resident_clause"]

_WORD = r"[A-Za-z][A-Za-z.'\u2019-]*"
_RESIDE = re.compile(
    r"\b(?i:(?P<cue>lives|living|lived|live|resides|residing|reside|resident|moved|moving|"
    r"relocated|grew[ \t]+up|born|raised|native|hometown|outside|near|home))"
    r"(?:[ \t]+(?i:back|here|there|down|up|out|nearby|alone|now|currently))?"
    r"(?:[ \t]+(?P<prep>(?i:in|to|from|of|near|outside(?:[ \t]+of)?|is)))?"
    rf"[ \t]+(?P<w>{_WORD}(?:[ \t]+{_WORD}){{0,2}})")
_WEAK = frozenset(("outside", "near", "home"))
#: towns named by a word for a place or a care setting: never alone ("Lives In Home", "moved
#: to Ward 5", "Moved To Center Of Bed", "moved to Early mobility"), though "Ward Hill" is
_GENERIC = frozenset("home ward center centre bay beach harbor springs hills valley plains early "
                     "unit floor house camp island lake park village city town".split())
_WORDS = re.compile(_WORD)
_COUNTY = re.compile(r"\b(?i:county|parish|borough)\b")
_BEFORE = re.compile(rf"({_WORD}(?:[ \t]+{_WORD}){{0,2}})[ \t]+$")
_FACILITY_AFTER = re.compile(
    r"[ \t]+(?i:hospital|medical|clinic|health|nursing|rehab|regional|memorial|community|"
    r"general|care|center|centre|manor|home|house|hospice|pharmacy|va)\b")


_PREP = re.compile(
    r"\b(?i:in|from|near|outside)(?:[ \t]+|[ \t]*\n[ \t]*)"
    rf"(?P<w>{_WORD}(?:[ \t]+{_WORD}){{0,2}})")
_RESIDE_CUE = re.compile(
    r"(?<![\w-])(?i:lives|living|lived|resides|residing|moved|relocated|home|returned|"
    r"en[ \t]+route|drove|flew|travel(?:ed|led|s)?|visiting|trip)(?![\w-])")
_CAP_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)")
_ABROAD = re.compile(r",?[ \t]+((?i:[a-z][a-z.]*))(?:[ \t]((?i:[a-z][a-z]+)))?")
#: An affiliation's head and field right before: "department of infectious diseases in
#: Copenhagen" names an institution's town, no one's residence (session 15, reviewer).
_AFFILIATION = re.compile(r"\b(?i:departments?|division|institute|faculty|laborator(?:y|ies))[ \t]+"
                          r"(?i:of|for)[ \t]+(?:[A-Za-z'-]+[ \t]+){1,4}$")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]]|\n[ \t]*\n")
#: countries and regions that share a US town's name ("in Jordan", "from Lebanon")
_COUNTRIES = COUNTRIES | frozenset("holland england scotland wales".split())
#: towns that share a language's name: "eval done in English", "consent in Spanish"
_LANGUAGES = frozenset("english spanish french german dutch polish italian portuguese russian "
                       "chinese arabic creole greek latin hebrew korean vietnamese".split())


def gazetteer_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Counties and cued small towns (see the module docstring)."""
    out = _towns(text, lex)
    out += _prep_towns(text, lex)
    low = text.lower()
    if "county" in low or "parish" in low or "borough" in low:
        out += _counties(text, low)
    return out


def _counties(text: str, low: str) -> list[Span]:
    out = []
    counties = gazetteer().counties
    for m in _COUNTY.finditer(text):
        line = text.rfind("\n", 0, m.start()) + 1
        b = _BEFORE.search(text, max(line, m.start() - 48), m.start())
        if b is None:
            continue
        words = list(_WORDS.finditer(b.group(1)))
        tail = low[m.start():m.end()]
        for n in range(len(words), 0, -1):
            start = b.start(1) + words[-n].start()
            name = " ".join(low[start:m.start()].split())
            if f"{name} {tail}" in counties and name not in FUNCTION_WORDS:
                out.append(Span(start, m.end(), "LOCATION", "places", 0.8))
                break
    return out


def _towns(text: str, lex: Lexicon) -> list[Span]:
    out = []
    for m in heads_finditer(_RESIDE, text):
        words = list(_WORDS.finditer(m.group("w")))
        cue = m.group("cue").lower()
        if m.group("prep") is None and cue not in ("outside", "near"):
            continue  # "moved Florence to chair", "resident Bowman": a person
        gaz = gazetteer()  # cached: loaded on the first note that reaches a cue
        town = longest_town(words, gaz.towns, m.start("w"))
        if town is not None and _accept(text, town[0], town[1], cue, town[2], gaz.plain_towns, lex):
            out.append(Span(m.start("w"), town[2], "LOCATION", "places", 0.8))
    return out


def longest_town(words: list[re.Match[str]], towns: frozenset[str],
                 at: int) -> tuple[list[str], str, int] | None:
    """The longest run of ``words`` (matches in one string, first word first, that string
    starting at ``at`` of the note) that is a listed town: its words without a final period, its
    key (lower case) and where it ends in the note; None when no run is listed."""
    for n in range(len(words), 0, -1):
        pieces = [w.group(0).rstrip(".") for w in words[:n]]
        key = " ".join(pieces).lower()
        if key in towns:
            return pieces, key, at + words[n - 1].start() + len(pieces[-1])
    return None


def _accept(text: str, pieces: list[str], key: str, cue: str, end: int,
            plain_towns: frozenset[str], lex: Lexicon) -> bool:
    if lex.is_medical(key) or key in FUNCTION_WORDS or key in _GENERIC \
            or any(lex.is_medical(p) for p in pieces[:1]):
        return False
    if followed_by_head_noun(text, end) or _FACILITY_AFTER.match(text, end):
        return False
    capital = all(p[0].isupper() for p in pieces)
    if key in plain_towns:
        return capital and cue not in _WEAK
    return capital or any(p.lower() not in lex.common_words for p in pieces)


def _prep_towns(text: str, lex: Lexicon) -> list[Span]:
    """Towns after "in", "from", "near", "outside" (session 15; see the module docstring)."""
    out = []
    for m in heads_finditer(_PREP, text):
        if m.start() and text[m.start() - 1] == "-":
            continue  # "walk-in Clinic", "drop-in"
        words = list(_WORDS.finditer(m.group("w")))
        first = words[0].group(0)
        lower = first.islower()
        if not lower and not (first[0].isupper() and not first.isupper()):
            continue
        if not text[m.start()].islower():
            continue  # "In Pima males, ...": a sentence's first word reads no residence
        gaz = gazetteer()
        town = longest_town(words, gaz.towns, m.start("w"))
        if town is not None and _prep_accept(text, m.start(), *town, gaz.plain_towns, lex, lower):
            # read in its context only: "in Pima" is no town elsewhere in the note
            out.append(Span(m.start("w"), town[2], "LOCATION", "places", 0.75, propagate=False))
    return out


def affiliation_clause(text: str, at: int) -> bool:
    """An affiliation's head, "of" and its field right before ``at`` ("Department of
    Infectious Diseases in ...")."""
    return _AFFILIATION.search(text, max(0, at - 60), at) is not None


def resident_clause(text: str, at: int) -> bool:
    """A residence or travel cue earlier in the clause that ends at ``at``."""
    back = text[max(0, at - 60):at]
    cut = max((b.end() for b in _CLAUSE_BREAK.finditer(back)), default=0)
    return _RESIDE_CUE.search(back, cut) is not None


def _prep_accept(text: str, at: int, pieces: list[str], key: str, end: int,
                 plain_towns: frozenset[str], lex: Lexicon, lower: bool) -> bool:
    if key in _COUNTRIES or key in _LANGUAGES or key in _GENERIC or key in FUNCTION_WORDS \
            or lex.is_medical(key):
        return False
    if len(pieces) == 1 and lex.is_medical(key.rstrip("s")):
        return False
    if followed_by_head_noun(text, end) or _FACILITY_AFTER.match(text, end):
        return False
    longer = _CAP_AFTER.match(text, end)
    if longer is not None and longer.group(1).lower() not in lex.states:
        return False  # "in New England Journal of Medicine": the town opens a longer name
    abroad = _ABROAD.match(text, end)
    if abroad is not None:
        first = abroad.group(1).rstrip(".").lower()
        pair = f"{first} {abroad.group(2) or ''}".lower()
        if first in ("uk", "u.k") or first in _COUNTRIES or pair in _COUNTRIES:
            return False  # "in London, UK", "from Paris, France": a town abroad of the same name
    if affiliation_clause(text, at) and not resident_clause(text, at):
        return False
    if lower:
        return any(p not in lex.common_words and p not in lex.first_names for p in pieces) \
            and key not in plain_towns and resident_clause(text, at)
    if not all(p[0].isupper() and not p.isupper() for p in pieces):
        return False
    if key in plain_towns or any(p.lower() in lex.first_names for p in pieces[:1]):
        return resident_clause(text, at)
    return True
