"""Which label a PHI span gets when the detectors disagree: the second label policy, besides
each detector's own typing, run by ``Deidentifier.detect_many`` on the raw spans of a note
(every detector's, times of day already dropped) and before :func:`merge_spans`.

What it decides, and only this (in the code's order: eponyms, credentials, place labels,
titles, names before dates): it drops a span that is no PHI at all (a name or place before an
eponymous disease head), a place span that another detector's span reads better (a NAME span
ending where it ends before a credential; a NAME span then a staff credential at its end; a
HOSPITAL span inside a longer LOCATION without a facility word), and the part of a split place
span that holds only facility words; it changes a span's label (HOSPITAL or LOCATION by the
name's last word; NAME for the part of a place span after a title); and it shortens NAME spans
(to the title-led name, before a date). It adds no character that no detector flagged: the
masked characters stay the detectors' union less the eponyms, the credentials, the facility
words and the blanks it cuts.

Why it runs there: :func:`merge_spans` fuses overlapping and touching spans into one and gives
it the label of :data:`PRIORITY` (HOSPITAL over LOCATION over NAME, DATE over all three), so
after it the pieces these rules compare are gone: the NAME span and the place span that end
at the same credential ("Jo Reyes, PA-C" would merge into a LOCATION), the LOCATION span
around a HOSPITAL span ("North Platte"), a place span that runs from a title past a column
gap, a name running into a date (merged into one DATE). Each detector cannot decide these,
since each sees only its own spans. After the merge only the name-part pass
(``name_part_spans``, which reads the merged NAME spans) runs.

No part of it repeats a detector's own typing: the place labels by the last word retype raw
spans that the place rules typed otherwise (LOCATION spans ending in a facility word, HOSPITAL
spans ending in an organisation word: both occur on the span guard's sets), so they stay.

These rules matter for ``--mode surrogate``, which puts a fake value of the label's kind into
the note, and for evaluations that match types:

* **A person before a credential** ("Desmond Achterberg, MD", "DR Underhill, MD", "Jo Reyes,
  PA-C", "Yvette Saint-Germain, MA, CCC-SLP"): a place span that ends where a name span
  covering it ends, followed by a clinician's credential that is also a state code (MD, PA,
  DC, MS, ND; MA before a further credential), is (part of) the person's name, not a town in
  that state, when it has two words or follows a title; one word alone ("Pittsburgh, PA") or
  a ZIP after the code ("Baltimore, MD 21201") keeps it a place.
* **Which place label** (HOSPITAL or LOCATION, by the last word of the name,
  ``_place_words``): a span ending in a company, school or church word ("St. Francis Xavier
  Church", "Norburn Middle School", "Harborview Inn") is LOCATION, as the annotation policy
  types organisations; one ending in a facility word ("Pell River Animal Hospital") is HOSPITAL
  even where a town inside it is a LOCATION span; a longer LOCATION span without any
  facility word ("North Platte" over "Platte") beats the HOSPITAL span inside it, and so does a
  place without a facility word before a state code or a country ("from nashua nh", "Portland,
  ME 04101", "HALIFAX, NOVA SCOTIA"). A HOSPITAL span with a facility head before "of"
  ("Children's Hospital of Orange County", "Mercy Hospital of Polk County") stays HOSPITAL
  whatever its last word (session 18, deidhosp18).
* **A person after a title** ("per dr. cheverton vs rehab at ...", "Attending: Dr. Tolliver
  Marlow Radiology"): a place span that starts right after "Dr"/"Mr"/"Mrs"/"Ms" and runs past
  a column gap (two spaces or more, a line break) or a "vs"/"or" is a name up to that break;
  the rest keeps its place label (dropped when it is only the connecting word).
* **A name running into a date** ("signed Dr. Maddox June 7, 2009"): a name span that ends
  inside a date span starting after it stops before the date.
* **Eponymous diseases and rules named after places** ("Rocky Mountain spotted fever", "San
  Francisco syncope rule", "St. Louis encephalitis"): a name or place span directly followed
  by a disease or clinical-rule head ("spotted fever", "encephalitis", "syncope rule" ...) is
  no PHI; after a personal title ("Dr. Lyme disease clinic") it stays.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import replace

from meddx.deid._name_words import STAFF_AFTER_NAME, STATE_CREDENTIALS, credential_rx
from meddx.deid._place_words import COUNTRIES, GENERIC_WORDS, HOSPITAL_WORDS, ORG_WORDS, STATE_CODES
from meddx.deid._span import Span
from meddx.deid._verb_names import titled_places

__all__ = ["relabel"]

_PLACES = frozenset({"LOCATION", "HOSPITAL"})
_PHI_WORDS = frozenset({"NAME", "LOCATION", "HOSPITAL"})
# credentials that are also US state codes; what may follow them on a signature line
_CREDENTIAL = re.compile(rf"\s*,?\s*(?:{credential_rx(STATE_CREDENTIALS - {'ma'})}|M\.D\.|"
                         r"MA(?=,\s*[A-Z]{2,}-?[A-Z]*\b)(?!,\s*USA?\b))\b(?!\s*,?\s*\d{5})")
#: organisation words that never end a care facility's name (typed LOCATION)
_ORG_ONLY = ORG_WORDS - HOSPITAL_WORDS - frozenset(
    "center centre home homes dept department station services partners body".split())
#: a facility head before "of" and a place: the name is the facility's, whatever its last word
_HEAD_OF = re.compile(r"(?i)\b(?:hospitals?|medical[ \t]+center|clinic|infirmary)[ \t]+of[ \t]")
_FACILITY = re.compile(r"(?i)\b(?:" + "|".join(sorted(HOSPITAL_WORDS)) + r"|center|centre|ctr|medical)\b")
_AFTER_TOWN = re.compile(r",?\s+([A-Za-z]{2})\b(?!\.?\w)|,\s*([A-Za-z]+(?: [A-Za-z]+)?)")
#: state codes that are no English or clinical word in lower case ("in", "me", "or", "pa", "md" are)
_LOWER_CODES = frozenset(c.lower() for c in STATE_CODES) - frozenset(
    "al ar co ct de ga hi ia id in ks ky la ma md me mi mo ms mt nd ne oh ok or pa sc va wa".split())
_TWO_WORDS = re.compile(r"\w[.,]?\s+\w")
_LAST_WORD = re.compile(r"([A-Za-z]+)'?s?\W*$")
_TITLE = re.compile(r"\b(?:dr|doctor|mrs?|ms)\.?\s+$", re.IGNORECASE)
_BREAK = re.compile(r"[ \t]{2,}|\s*\n\s*|\s+(?:vs\.?|or|and)(?=\s|$)\s*", re.IGNORECASE)
_LEAD_TITLE = re.compile(r"(?:dr|doctor|mrs?|ms)\.?\s+(?=[A-Za-z])", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_PLAIN = HOSPITAL_WORDS | GENERIC_WORDS | {"no", "vs", "or", "and", "at", "to", "of"}
_STAFF = re.compile(rf"\s*,?\s*(?:{credential_rx(STAFF_AFTER_NAME)})\.?\s*$")
_EPONYM = re.compile(
    r"\s+(?:(?:spotted|tick|hemorrhagic|valley)\s+fever|(?:equine\s+)?encephalitis|virus\b"
    r"|disease|syncope\s+rules?|(?:ankle|knee|foot|head|c-spine)\s+rules?)(?![-\w])",
    re.IGNORECASE)


def _titled(text: str, span: Span) -> bool:
    return _TITLE.search(text[max(0, span.start - 12):span.start]) is not None


def _credential_names(text: str, spans: list[Span]) -> list[Span]:
    names = [s for s in spans if s.label == "NAME"]
    if not names:
        return spans
    by_start, by_end = defaultdict(list), defaultdict(list)  # linear on a long note too
    for n in names:
        by_start[n.start].append(n)
        by_end[n.end].append(n)
    return [s for s in spans
            if not (s.label in _PLACES and _CREDENTIAL.match(text, s.end)
                    and any(n.start <= s.start
                            and (_TWO_WORDS.search(text, n.start, n.end) or _titled(text, n))
                            for n in by_end.get(s.end, ())))
            and not (s.label in _PLACES and any(
                n.end < s.end and _STAFF.match(text, n.end, s.end)
                for n in by_start.get(s.start, ())))]


def _last_word(text: str, span: Span) -> str:
    m = _LAST_WORD.search(text, span.start, span.end)
    return m.group(1).lower() if m else ""


def _town_before_state(text: str, span: Span) -> bool:
    """A place name without a facility word before a state code or a country ("nashua nh",
    "Portland, ME 04101", "HALIFAX, NOVA SCOTIA") is a town."""
    m = _AFTER_TOWN.match(text, span.end)
    if m is None or _FACILITY.search(text, span.start, span.end):
        return False
    code, name = m.group(1), text[span.start:span.end]
    if code is None:
        return m.group(2).lower() in COUNTRIES
    if code.isupper():  # "Portland, ME", "Nashua NH"; "FROM MERCY IN THE AM" is no state
        return code in STATE_CODES and (m.group().startswith(",") or not name.isupper())
    return code.islower() and name.islower() and code in _LOWER_CODES  # "from nashua nh"


def _place_labels(text: str, spans: list[Span]) -> list[Span]:
    """HOSPITAL or LOCATION by the name's last word; a covering LOCATION beats a HOSPITAL
    without a facility word."""
    places = [s for s in spans if s.label in _PLACES]
    if not places:
        return spans
    out = []
    locs = _Covering([s for s in places if s.label == "LOCATION"
                      and not _FACILITY.search(text, s.start, s.end)])
    for s in spans:
        if s.label in _PLACES:
            last = _last_word(text, s)
            if last in HOSPITAL_WORDS:
                s = replace(s, label="HOSPITAL")
            elif last in _ORG_ONLY and not (s.label == "HOSPITAL"
                                            and _HEAD_OF.search(text, s.start, s.end)):
                s = replace(s, label="LOCATION")  # not "Hospital of Orange County" (session 18)
            elif s.label == "HOSPITAL" and _town_before_state(text, s):
                s = replace(s, label="LOCATION")
            elif s.label == "HOSPITAL" and locs.covers(s):
                continue
        out.append(s)
    return out


class _Covering:
    """Spans, asked whether one of them covers a given span and is longer (in log time: a
    long note holds thousands)."""

    def __init__(self, spans: list[Span]) -> None:
        spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in spans]
        self.most: list[int] = []  # the largest end among spans[:i + 1]
        for s in spans:
            self.most.append(max(s.end, self.most[-1]) if self.most else s.end)

    def covers(self, span: Span) -> bool:
        """Whether a span starts at or before ``span`` and ends at or after it, and is longer:
        one that starts at or before it and ends after it, or starts before it and ends at or
        after its end."""
        i = bisect_right(self.starts, span.start)  # spans[:i] start at or before it
        if i and self.most[i - 1] > span.end:
            return True
        j = bisect_left(self.starts, span.start)  # spans[:j] start before it
        return bool(j) and self.most[j - 1] >= span.end


def _rest(text: str, start: int, span: Span) -> list[Span]:
    """The place after a break, unless it holds only facility words ("Unit", "rehab")."""
    words = _WORD.findall(text, start, span.end)
    if not words or all(w.lower() in _PLAIN for w in words):
        return []
    return [Span(start, span.end, span.label, span.source, span.score, span.propagate)]


def _title_names(text: str, span: Span, names: list[Span]) -> list[Span]:
    """``span`` (a place) split into the name after a title (or inside a name span) and the
    place after the break."""
    if span.label not in _PLACES:
        return [span]
    lead = _LEAD_TITLE.match(text, span.start)
    start = lead.end() if lead else span.start
    brk = _BREAK.search(text, start, span.end)
    if brk is None or brk.start() == start:
        return [span]
    if lead or _titled(text, span):
        return [Span(start, brk.start(), "NAME", span.source, span.score, span.propagate),
                *_rest(text, brk.end(), span)]
    if any(n.start <= span.start and brk.start() <= n.end < brk.end() for n in names):
        return _rest(text, brk.end(), span)  # "MULCAHY, AGNIESZKA   Unit No:"
    return [span]


def _trim_names(spans: list[Span], name_ends: dict[int, int]) -> list[Span]:
    """Name spans that start where a title-led name starts end where that name ends."""
    out = []
    for s in spans:
        end = name_ends.get(s.start)
        if s.label == "NAME" and end is not None and s.end > end:
            s = replace(s, end=end, label="NAME")
        out.append(s)
    return out


def _before_dates(text: str, spans: list[Span]) -> list[Span]:
    dates = sorted((d for d in spans if d.label == "DATE"), key=lambda d: d.start)
    if not dates:
        return spans
    starts = [d.start for d in dates]
    out = []
    for s in spans:
        if s.label == "NAME":  # the first date that starts inside the name and ends after it
            inside = dates[bisect_right(starts, s.start):bisect_left(starts, s.end)]
            cut = next((d.start for d in inside if s.end <= d.end), None)
            if cut is not None:
                while cut > s.start and text[cut - 1].isspace():
                    cut -= 1
                s = replace(s, end=cut, label="NAME")
        out.append(s)
    return out


def relabel(text: str, spans: list[Span]) -> list[Span]:
    """The raw spans of ``text`` with the module docstring's label rules applied."""
    if not spans:
        return spans
    spans = [s for s in spans if s.label not in _PHI_WORDS or not _EPONYM.match(text, s.end)
             or _titled(text, s)]
    spans = _place_labels(text, _credential_names(text, titled_places(text, spans)))
    split: list[Span] = []
    ends: dict[int, int] = {}
    names = [s for s in spans if s.label == "NAME"]
    for s in spans:
        parts = _title_names(text, s, names)
        if parts and parts[0] is not s and parts[0].label == "NAME":
            ends[parts[0].start] = parts[0].end
        split += parts
    spans = _before_dates(text, _trim_names(split, ends) if ends else split)
    return [s for s in spans if s.end > s.start and text[s.start:s.end].strip()]
