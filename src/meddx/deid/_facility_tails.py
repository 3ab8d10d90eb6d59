"""What follows a facility's name and belongs to it (session 14, deidplace14).

Transfer and care-management notes write a facility's name and then its branch, store or kind:

* **A store number** after a pharmacy or facility: "Rite Aid #4417", "CVS # 2231".
* **A facility word** after a facility's name, in any case and across a wrapped line: "Tuba
  City peds clinic", "sanford\\nrehab", "Greenville Internal Medicine Assoc", "Lakeside
  Outpatient Pharmacy"; after a town only "medical" that ends a clause or "medical center":
  "colonoscopy at lexington medical, polyps removed" ("Boston medical team" stays).
* **A town right after a one-word facility name** (the branch of a chain): "Kindred
  Greensboro", "Kaiser Fremont", when a town span found by the other rules starts one space
  after the facility and ends the name (a comma, a full stop, a bracket, a line's end or a
  lower-case word follows it). After a longer name the town stays a LOCATION of its own
  ("Spaulding Rehab Hospital Cape Cod").

Each rule extends the facility's span into one HOSPITAL span; the shorter spans stay and the
merge keeps the longer one.
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["facility_tail_spans"]

_STORE = re.compile(r"[ \t]*#[ \t]*\d{2,6}(?![\w-])")
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
# A line break only before a lower-case word ("Mass General\nClinic follow-up" stays apart).
_SEP_LOW = r"(?:[ \t]+|[ \t]*\n[ \t]*(?=[a-z]))"
_KIND = re.compile(
    _SEP_LOW + r"(?i:(?:(?:peds|pediatric|outpatient|specialty|family|walk-in)" + _SEP_LOW + r")?"
    r"(?:clinic|rehab|pharmacy|assoc\b\.?|associates)|medical" + _SEP_LOW
    + r"(?:center|centre|clinic))(?![\w-])")
_TOWN_MEDICAL = re.compile(
    _SEP + r"(?i:medical(?:" + _SEP + r"(?:center|centre|clinic))?)(?=[ \t]*(?:[,.;:)\n]|$))")
_NAME_END = re.compile(r"[ \t]*(?:[,.;:)(\n]|$|[ \t]-[ \t]|[a-z])")


def _score(s: Span) -> float:
    """A little above the facility's or town's own span, so the merge keeps HOSPITAL."""
    return min(0.95, max(s.score, 0.75) + 0.05)


def facility_tail_spans(text: str, spans: list[Span]) -> list[Span]:
    """HOSPITAL spans for the facilities of ``spans`` with the tails of the module docstring."""
    out: list[Span] = []
    towns = {s.start: s for s in spans if s.label == "LOCATION"}
    for s in spans:
        if s.label == "HOSPITAL":
            m = _STORE.match(text, s.end) or _KIND.match(text, s.end)
            if m is not None:
                out.append(Span(s.start, m.end(), "HOSPITAL", "places", _score(s)))
                continue
            town = towns.get(s.end + 1)
            if town is None or text[s.end] != " " or len(text[s.start:s.end].split()) != 1:
                continue
            name = text[town.start:town.end]
            if "\n" not in name and len(name.split()) <= 2 and name[0].isupper() \
                    and _NAME_END.match(text, town.end):
                out.append(Span(s.start, town.end, "HOSPITAL", "places", _score(s)))
        elif s.label == "LOCATION" and len(text[s.start:s.end].split()) <= 2:
            m = _TOWN_MEDICAL.match(text, s.end)
            if m is not None:
                out.append(Span(s.start, m.end(), "HOSPITAL", "places", _score(s)))
    return out
