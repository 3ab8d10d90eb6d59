"""Branches and areas that complete a facility's name (HOSPITAL).

* **A branch after a dash**: "Firelands Primary Care - Huron", "BAPTIST HEALTH IMAGING -
  HAMBURG", "UMASS MEMORIAL - UNIVERSITY CAMPUS", "Lehigh Valley Hospital-Cedar Crest": one to
  three capitalised words after a facility found by another rule (and up to two more words of
  its name: "IMAGING"), ending the clause or the line. "Mercy Hospital - Discharge Summary",
  "St. Mary's - ICU", "Baystate - admission note"
  stay (a clinical first word, or no end of clause).
* **An organisation "of" its area**, after a facility or organisation found by another rule:
  "Elder Services of the Merrimack Valley", "Mercy Hospital of Pittsburgh", "Catholic
  Charities of Boston", ending the clause; "Lowell, of note" and "St. Mary's of the past" stay.
* **A practice "of" its area**: "Pediatric Associates of Franklin", "Cardiology Associates of
  Green Mountain", "Orthopedic Specialists of the Carolinas", "Women's Health Partners of
  Tulsa": capitalised words, a practice word (Associates, Partners, Physicians, Specialists,
  Consultants, Surgeons) and "of" a capitalised area.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["PRACTICE_OF_KEYS", "branch_spans", "of_area_spans", "practice_of_spans"]

_CAPW = r"(?:(?:St|ST|Mt|MT)\.|[A-Z][A-Za-z'\u2019]+|[A-Z]{2,})"
_BRANCH = re.compile(r"(?:[ \t]+" + _CAPW + r"){0,2}[ \t]*[-\u2013][ \t]*"
                     r"(?P<b>" + _CAPW + r"(?:[ \t]+" + _CAPW + r"){0,2})"
                     r"(?=[ \t]*(?:[,;:)(\n]|$|[ \t]{2,}|\.(?:[ \t]|$)))")
#: Token keys of the practice words: a note without one skips the "of" scan.
PRACTICE_OF_KEYS = frozenset("associates partners physicians specialists consultants surgeons".split())
_PRACTICE_OF = re.compile(
    r"(?<![\w'-])(?:" + _CAPW + r"[ \t]+){1,3}"
    r"(?:Associates|Partners|Physicians|Specialists|Consultants|Surgeons|"
    r"ASSOCIATES|PARTNERS|PHYSICIANS|SPECIALISTS|CONSULTANTS|SURGEONS)[ \t]+(?:of|OF)[ \t]+"
    r"(?:(?:the|THE)[ \t]+)?" + _CAPW + r"(?:[ \t]+" + _CAPW + r"){0,2}")
_OF_AREA = re.compile(r"[ \t]+(?:of|OF)[ \t]+(?:(?:the|THE)[ \t]+)?"
                      r"(?P<b>" + _CAPW + r"(?:[ \t]+" + _CAPW + r"){0,2})"
                      r"(?=[ \t]*(?:[,;:)(\n]|$|\.(?:[ \t]|$)|(?i:for|and|with|to|in|on|at|since|x)\b))")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def of_area_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Organisations "of" their area (the module docstring); ``spans``: the places so far."""
    out: list[Span] = []
    for sp in spans:
        if sp.label not in ("HOSPITAL", "LOCATION"):
            continue
        m = _OF_AREA.match(text, sp.end)
        if m is None:
            continue
        words = [w.lower().rstrip(".") for w in m.group("b").split()]
        if words[0] in MONTHS or words[0] in _WEEKDAYS or any(
                w in FUNCTION_WORDS or lex.is_medical(w) for w in words):
            continue
        out.append(Span(sp.start, m.end("b"), sp.label, "places", 0.75))
    return out


def branch_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Branches after a dash (the module docstring); ``spans``: the places found so far."""
    out: list[Span] = []
    for sp in spans:
        if sp.label != "HOSPITAL":
            continue
        m = _BRANCH.match(text, sp.end)
        if m is None:
            continue
        first = m.group("b").split()[0].lower().rstrip(".")
        if first in FUNCTION_WORDS or first in MONTHS or first in _WEEKDAYS or lex.is_medical(first):
            continue
        out.append(Span(sp.start, m.end("b"), "HOSPITAL", "places", 0.75))
    return out


def practice_of_spans(text: str) -> list[Span]:
    """Practices "of" their area (the module docstring)."""
    return [Span(m.start(), m.end(), "HOSPITAL", "places", 0.75) for m in _PRACTICE_OF.finditer(text)]
