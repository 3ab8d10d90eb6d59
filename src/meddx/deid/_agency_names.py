"""Named agencies that the facility and organisation rules miss, in any case.

* **Visiting-nurse agencies named after their area** (HOSPITAL): "VNA of Cape Cod", "vna of
  cape cod", "Visiting Nurse Service of New York", "Visiting Nurses Association of Greater
  Philadelphia", "VNS of Westchester", "visiting nurse assoc of ohio": the area may be a state
  or common words here, since the agency's whole name is the span. "VNA of" at a line's end,
  "VNA of her choice" stay.
* **Ageing-services agencies** (LOCATION): "Southern Maine Agency on Aging", "Area Agency on
  Aging", "council on aging", "Office for the Aging", "Commission on Elder Affairs", with up to
  four capitalised place words before them (not a sentence's first common word: "Contacted").
* **Prisons named by a town** (LOCATION): "Middlesex House of Correction", "released from MCI
  Norfolk", "SCI Greene", "FCI Danbury": the initials need a town-like word after them (not a
  common or clinical word: "MCI diagnosis", "SCI Level", "USP grade" stay).
* **Courts of several kinds joined by "and"** (LOCATION): "Worcester Probate and Family Court",
  "Bristol County Probate & Family Court", "Hampden Juvenile and Family Court"; a place word
  is needed before the kinds ("the Probate and Family Court" stays generic).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["AGENCY_KEYS", "agency_spans"]

_AREA_WORD = r"[A-Za-z][A-Za-z'.-]*"
_VNA = re.compile(
    r"\b(?i:vna|vns|visiting[ \t]+nurses?"
    r"(?:[ \t]+(?:association|assoc\.?|assn\.?|service|services|society))?)"
    r"[ \t]+(?i:of)[ \t]+(?P<area>(?i:greater[ \t]+)?" + _AREA_WORD + r"(?:[ \t]+" + _AREA_WORD + r"){0,2}?)"
    r"(?=[ \t]{2,}|[ \t]*(?:[.,;:)(\n-]|$|(?i:did|does|will|to|for|and|with|at|on|in|is|was|has|nurse|rn|"
    r"visit|visits|"
    r"skilled|home|hospice|office|intake|agency)\b))"
)
_VNA_KEYS = frozenset(("vna", "vns", "visiting"))
_AGING_KEYS = frozenset(("aging", "elder", "elderly", "older"))
_AGING_GATE = re.compile(r"(?i)\b(?:on|for)[ \t]+(?:the[ \t]+)?(?:aging|elder|elderly|older)\b")
_WORDS = re.compile(r"\S+")
_PRE = re.compile(r"(?<![\w'.-])(?:(?:[A-Z][A-Za-z'.-]+|[A-Z]{2,})[ \t]+){1,4}$")
_NOT_AREA = frozenset("her his their its the a an choice record this that our your".split())
_AGING = re.compile(
    r"\b(?i:council|agency|commission|office|department|dept\.?|division|bureau)[ \t]+"
    r"(?i:on|for(?:[ \t]+the)?)[ \t]+(?i:aging|the[ \t]+aging|elder[ \t]+affairs|elderly|older[ \t]+adults)\b"
)
_COURT_KIND = (r"(?:Probate|Family|District|Superior|Circuit|Juvenile|Housing|Municipal|Drug|Land|"
               r"Surrogate'?s|Orphans'?|Chancery|Justice|Magistrate|Mental[ \t]Health|Treatment|Youth|"
               r"Domestic[ \t]Relations|Small[ \t]Claims|Traffic)")
_COURT = re.compile(
    r"(?P<name>(?:[A-Z][A-Za-z'.-]+[ \t]+){1,3})"
    r"(?:" + _COURT_KIND + r"[ \t]+(?:(?:and|&)[ \t]+)?){1,3}Court\b"
    r"|(?P<uname>(?:[A-Z][A-Z'.-]+[ \t]+){1,3})(?:" + _COURT_KIND.upper().replace("[ \\T]", "[ \\t]")
    + r"[ \t]+(?:(?:AND|&)[ \t]+)?){1,3}COURT\b"
)
_PRISON_INITIALS = frozenset("mci sci fci fmc usp fdc mdc cci".split())
_PRISON = re.compile(
    r"(?P<house>(?:[A-Z][A-Za-z'.-]+[ \t]+){1,2}(?:House|HOUSE)[ \t]+(?:of|OF)[ \t]+"
    r"(?:Correction|CORRECTION)\b)"
    r"|\b(?:MCI|SCI|FCI|FMC|USP|FDC|MDC|CCI)[ \t-]+(?P<town>[A-Z][A-Za-z'-]+(?:[ \t][A-Z][A-Za-z'-]+)?)")
AGENCY_KEYS = _VNA_KEYS | _AGING_KEYS | _PRISON_INITIALS | {"court", "correction"}
_COURT_GENERIC = frozenset("the a an his her their our county city state federal district local to at "
                           "in by from of".split())


def _vnas(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in heads_finditer(_VNA, text):
        words = m.group("area").split()
        if words[0].lower() in _NOT_AREA or any(
                w.lower() in FUNCTION_WORDS or lex.is_medical(w.lower(), abbreviations=False) for w in words):
            continue
        out.append(Span(m.start(), m.end("area"), "HOSPITAL", "places", 0.75))


def _courts(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in _COURT.finditer(text):
        group = "name" if m.group("name") is not None else "uname"
        words = m.group(group).split()
        # in capitals a common word may open the run: "HEARING AT HAMPDEN JUVENILE COURT"
        while words and (words[0].lower() in _COURT_GENERIC or words[0].lower() in FUNCTION_WORDS or (
                group == "uname" and words[0].lower() in lex.common_words)):
            words.pop(0)
        if not words or all(w.lower() in _COURT_GENERIC for w in words):
            continue
        start = m.end(group) - len(" ".join(words)) - (len(m.group(group)) - len(m.group(group).rstrip()))
        out.append(Span(start, m.end(), "LOCATION", "places", 0.75))


def _prisons(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in _PRISON.finditer(text):
        if m.group("town") is not None:
            words = [w.lower() for w in m.group("town").split()]
            if any(w in lex.common_words or lex.is_medical(w) or w in FUNCTION_WORDS for w in words):
                continue
        out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))


def agency_spans(text: str, lex: Lexicon, keys: frozenset[str] | set[str]) -> list[Span]:
    """Spans of the agencies of the module docstring."""
    out: list[Span] = []
    if not keys.isdisjoint(_VNA_KEYS):
        _vnas(text, lex, out)
    if not keys.isdisjoint(_AGING_KEYS) and _AGING_GATE.search(text):
        for m in _AGING.finditer(text):
            line = text.rfind("\n", 0, m.start()) + 1
            p = _PRE.search(text, max(line, m.start() - 60), m.start())
            words = list(_WORDS.finditer(p.group())) if p else []
            while words and words[0].group().lower() in FUNCTION_WORDS:
                words.pop(0)
            if words:
                head = text[:p.start() + words[0].start()].rstrip(" \t")
                if (not head or head[-1] in ".:;") and words[0].group().lower() in lex.common_words:
                    words.pop(0)  # a sentence's first word: "Contacted Area Agency on Aging"
            start = p.start() + words[0].start() if words else m.start()
            out.append(Span(start, m.end(), "LOCATION", "places", 0.7))
    if "court" in keys:
        _courts(text, lex, out)
    if "correction" in keys or not keys.isdisjoint(_PRISON_INITIALS):
        _prisons(text, lex, out)
    return out
