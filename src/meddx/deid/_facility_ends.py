"""The end of a facility's or a place's name, whoever found its start (session 16, deidplace16).

The places detector completes its own spans with the words that end a facility's name
(``_facility_tails``: "Sanford" + "rehab", "Greenville Internal Medicine" + "Assoc", "Columbia
River" + "Physical Therapy"). A name found by another detector (the crf, the names or rules
detectors, the case view of a lower-case note) never got that completion, so in lower case,
where the places detector reads less, "sanford\\nrehab" and "bryan medical center west" were
left half tagged. This pass runs once per note on the merged spans of every detector
(``facility_part_spans``) and completes every HOSPITAL and LOCATION span with:

* **the facility tails of ``_facility_tails``** (store number, kind word, facility head, paired
  name), as the places detector applies them to its own spans;
* **a local service's head after a place** ("mobile county" + "ems", "bullock county" +
  "animal control": the heads of ``_civic_places``), one LOCATION span; not after a span that
  ends on a common or function word ("Called" + "EMS"); on the next line only after a place
  word or before a head in title case ("orvale county\\nanimal control", not "boston\\nems
  arrived"; session 16);
* **a compass branch** ending the clause after a facility ("bryan medical center west,",
  "saint luke's north" at a line's end): the branch is the facility's;
* **the rest of a hyphenated word** ("clifton" + "-fine", "redwood coast post" + "-acute"): a
  span never ends or starts inside a word joined by a hyphen, but before a suffix that makes
  an adjective of a place ("boston-based", "va-affiliated");
* **a facility word on the next line** in lower case ("grand strand\\nrehabilitation center",
  "st. michael's\\nhospital"): the name wrapped by the writer's line, the case the lower-case
  view does not read across; not after a span that ends on a facility word ("mercy
  hospital\\ncenter line"), nor a word that opens the next line's text ("hospital course:",
  "hospital stay", a colon; reviewer, session 16).

Every completion only extends a span found by a detector (it finds no new name), so it changes
no count of spans: it turns half-found names into found ones.
"""

from __future__ import annotations

import re

from meddx.deid._civic_places import LOCATION_HEAD, is_title_head
from meddx.deid._facility_tails import facility_tail_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._place_words import FACILITY_HEADS
from meddx.deid._span import Span, merge_spans
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["facility_end_spans"]

#: a line break only before a lower-case word (a capital after it opens a new line's text)
_SEP_LOW = r"(?:[ \t]+|[ \t]*\n[ \t]*(?=[a-z]))"
#: across a line only after a place word or before a head in title case ("Orvale
#: County\nAnimal Control"; "from Boston\nEMS arrived" stays: reviewer, session 16)
_CIVIC_LINE = re.compile(r"(?:[ \t]+|[ \t]*\n[ \t]*)(?=\S)")
_COMPASS = re.compile(
    r"[ \t]+(?i:north|south|east|west|northeast|northwest|southeast|southwest)"
    r"(?=[ \t]*(?:[,;:)\n]|$|[ \t]{2,}|\.(?:[ \t]|$)))")
_HYPHEN_AFTER = re.compile(r"-([^\W\d_]{2,})(?![\w-])")
_HYPHEN_BEFORE = re.compile(r"(?<![\w-])([^\W\d_]{2,})-$")
#: prefixes joined to a place by a hyphen that are no part of its name ("ED-Boston", "non-VA")
_NOT_PREFIXES = frozenset(
    "ed er icu or pre post non ex anti pro mid co re self sub trans multi inter intra out in "
    "pt dr mr ms mrs".split())
#: suffixes that make an adjective of a place: the place alone is the name
_ADJECTIVE_ENDS = frozenset(
    "based born area like style type bound wide raised native affiliated associated acquired "
    "owned run made related sponsored trained certified approved area's only".split())
_WRAPPED = re.compile(
    r"[ \t]*\n[ \t]*(?=[a-z])(?:(?:rehabilitation|rehab|medical|nursing|surgical|surgery|cancer|"
    r"heart|health|regional|community|memorial|general|children's|womens|women's)[ \t]+)?"
    r"(?:hospital|center|centre)(?![\w-])"
    # not a word that opens the next line's text: "hospital course:", "center line placed"
    r"(?![ \t]*:|[ \t]+(?:course|stay|lines?)(?![\w-]))")
_LABELS = ("HOSPITAL", "LOCATION")
_PLACE_WORDS = frozenset(("county", "township", "city", "town", "village", "parish", "borough"))


def facility_end_spans(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (merged, sorted, disjoint) with their HOSPITAL and LOCATION spans completed as
    the module docstring says; merged, sorted, disjoint."""
    places = [s for s in spans if s.label in _LABELS]
    if not places:
        return spans
    extra = facility_tail_spans(text, places)
    for s in places:
        extra += _ends(text, s)
    if not extra:
        return spans
    return merge_spans([*spans, *(Span(e.start, e.end, e.label, e.source, e.score, False) for e in extra)])


def _named_place(text: str, s: Span) -> bool:
    """Whether a span ends on a place's name or a place word ("mobile county", "Wasilla"), not
    on a common or function word ("Called" before "EMS", a tagger's slip)."""
    last = text[s.start:s.end].split()[-1].lower().strip(".,'\u2019")
    lex = lexicon()
    return last in _PLACE_WORDS or not (last in FUNCTION_WORDS or last in lex.common_words
                                        and last not in lex.cities)


def _ends(text: str, s: Span) -> list[Span]:
    out: list[Span] = []
    score = min(0.95, max(s.score, 0.75) + 0.05)  # above the span's own: the merge keeps the longer
    last = text[s.start:s.end].split()[-1].lower()
    m = _CIVIC_LINE.match(text, s.end)
    h = LOCATION_HEAD.match(text, m.end()) if m is not None else None
    if h is not None and "\n" in m.group() and (last.endswith(".") or last not in _PLACE_WORDS
                                                and not is_title_head(h.group())):
        h = None  # across a line only after a place word or before a head in title case
    if h is not None and _named_place(text, s):
        out.append(Span(s.start, h.end(), "LOCATION", "places", score))
    if s.label == "HOSPITAL":
        m = _COMPASS.match(text, s.end)
        if m is None and last not in FACILITY_HEADS:  # a span ending on a head is whole
            m = _WRAPPED.match(text, s.end)
        if m is not None:
            out.append(Span(s.start, m.end(), "HOSPITAL", "places", score))
    m = _HYPHEN_AFTER.match(text, s.end)
    if m is not None and m.group(1).lower() not in _ADJECTIVE_ENDS:
        out.append(Span(s.start, m.end(), s.label, "places", score))
    b = _HYPHEN_BEFORE.search(text, max(0, s.start - 40), s.start)
    if b is not None and b.group(1).lower() not in _NOT_PREFIXES:
        out.append(Span(b.start(), s.end, s.label, "places", score))
    return out
