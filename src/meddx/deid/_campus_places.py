"""A hospital's or a health system's campus named by a compass word after the name (session 24,
branch deidrec24), HOSPITAL, in any case.

Health systems name their campuses by the system's name and a compass word: "Baptist East",
"BAPTIST MEDICAL CENTER EAST", "Bethesda North", "Seton Northwest", "DaVita Odessa West". A
clinician reads the compass word as part of the name, so:

* **A place span then a compass word**: a facility or town the other place rules found ("Baptist",
  "Baptist Medical Center", "Bethesda") takes the compass word right after it, on the same line
  with only blanks between ("at Bethesda North.", "AT BAPTIST MEDICAL CENTER EAST - HE IS").
* **A hospital span then "community"** where the clause ends: "pt's oncologist at san joaquin
  community was notified" (the short form of "San Joaquin Community Hospital"); "at Mercy
  community outreach" keeps the facility as found.
* **A faith word then a compass word**: "AT BAPTIST EAST", "methodist north", "Mercy West":
  the denominations hospitals are named after, with the compass word after them, are a campus
  even when no other rule found the faith word (a faith alone, "pt is Baptist", stays).

A compass word that a direction follows stays: "lives in Reading north of the city", "Mercy
south side lot", "Baptist east wing" keeps the facility as found, not the direction.
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["campus_spans"]

_SOURCE = "campus"
_COMPASS = (r"(?:north|south|east|west|northeast|northwest|southeast|southwest|"
            r"north[ \t-]east|north[ \t-]west|south[ \t-]east|south[ \t-]west)")
#: Words after a compass word that make it a direction, not a campus.
_DIRECTION_AFTER = (r"(?![ \t]+(?:of|side|sides|wing|wings|bound|end|entrance|exit|lot|tower|"
                    r"building|bldg|campus[ \t]+parking|coast|shore|part|portion|door|doors|"
                    # fix round 24: a state or region ("Baptist East Texas native")
                    r"carolina|dakota|texas|virginia|georgia|jersey|side)\b)")
_TAIL = re.compile(r"[ \t]+(" + _COMPASS + r")\b(?![-'])" + _DIRECTION_AFTER, re.IGNORECASE)
_FAITH = re.compile(r"(?i)\b(?:baptist|methodist|presbyterian|adventist|lutheran|mercy)[ \t]+"
                    + _COMPASS + r"\b(?![-'])" + _DIRECTION_AFTER)
_PLACE_CUE = re.compile(r"(?i)\b(?:at|from|to|via|transferred|transfer)[ \t]+$")
_PLACES = frozenset(("HOSPITAL", "LOCATION"))
_COMMUNITY = re.compile(r"(?i)[ \t]+(community)(?=[ \t]*(?:[.,;:)]|\n|$)|[ \t]+(?:was|is|has|had|and|"
                        r"or|for|at|in|on|to|with|by|where|who|which|re|regarding|about|"
                        r"called|notified|aware|said|says|will|would|per)\b)")


def campus_spans(text: str, spans: list[Span]) -> list[Span]:
    """The campus spans of the module docstring: a found place widened over its compass word
    (a hospital over "community" too), and a faith word with its compass word."""
    low = text.lower()
    if not any(w in low for w in ("north", "south", "east", "west", "community")):
        return []
    out = []
    for s in spans:
        if s.label not in _PLACES:
            continue
        m = _TAIL.match(text, s.end) or (_COMMUNITY.match(text, s.end) if s.label == "HOSPITAL" else None)
        if m is not None:
            out.append(Span(s.start, m.end(1), s.label, _SOURCE, s.score, propagate=s.propagate))
    out += [Span(m.start(), m.end(), "HOSPITAL", _SOURCE, 0.8) for m in _FAITH.finditer(text)
            if not m.group().lower().startswith("mercy") or _PLACE_CUE.search(text, 0, m.start())]
    # fix round 24: Mercy is a first name ("Spoke with Mercy North, pt's sister"): a cue before it
    return out
