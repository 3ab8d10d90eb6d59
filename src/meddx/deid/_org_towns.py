"""The town of an employer, school or other organisation just named (LOCATION).

* A listed city after an organisation's span (and a store number) and a comma, ending the clause: "Amazon
  Fulfillment Center BWI2, Baltimore.", "Tyson Foods, Springdale;".
* A town after the organisation, a word for one of its sites and "in": "UPS hub in Hodgkins",
  "Fred Meyer distribution center in Clackamas", "Walmart store in Lebanon", ending the clause.
  The town is capitalised, no state, country, month or clinical word, and no common word
  unless it is a listed city ("hub in Town Hall", "plant in March" stay).
The facility rules handle the same after a HOSPITAL span (``PlaceDetector._city_after_facility``).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._place_forms import town_ok
from meddx.deid._span import Span

__all__ = ["org_town_spans"]

_TOWN = r"(?P<town>[A-Z][A-Za-z'-]+(?:[ \t][A-Z][A-Za-z'-]+){0,2})"
_END = r"(?=[ \t]*(?:[.,;:)\n]|$|(?:and|with|for|since|until|as|x|who|where)\b))"
_COMMA_TOWN = re.compile(r"[A-Za-z0-9-]*(?:[ \t]+#?\d{1,5})?,[ \t]*" + _TOWN + _END)  # "BWI2, Baltimore"
_SITE_TOWN = re.compile(
    r"[ \t]+(?:(?:distribution|fulfillment|fulfilment|call|service|processing)[ \t]+)?"
    r"(?:center|centre|plant|hub|office|store|warehouse|branch|campus|site|location|factory|mill|"
    r"yard|depot|shop|facility|headquarters|hq|terminal)[ \t]+(?:in|at|near)[ \t]+" + _TOWN + _END)


def org_town_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Spans of the towns of the module docstring (``spans``: the places found so far)."""
    out: list[Span] = []
    for sp in spans:
        if sp.label != "LOCATION":
            continue
        m = _COMMA_TOWN.match(text, sp.end)
        if m is not None:
            if m.group("town").lower() in lex.cities and m.group("town").lower() not in lex.states:
                out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))
            continue
        m = _SITE_TOWN.match(text, sp.end)
        if m is None:
            continue
        words = m.group("town").split()
        if words[0].lower() in MONTHS or not town_ok(words, lex, any_common=False):
            continue
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))
    return out
