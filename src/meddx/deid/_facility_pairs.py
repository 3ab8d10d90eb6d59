"""Facility names whose head is a pair of services or an "of" phrase, as transfer summaries,
follow-up blocks and letterheads write them (HOSPITAL).

* **A pair of services after a name**: "Oak Hollow Nursing and Rehabilitation", "Harwell Heart
  & Vascular", "Cedar Ridge Health and Rehabilitation Center", "Lakeside Bone & Joint",
  "Pocasset Eye and Ear". One word of the name must be no dictionary word, or a listed name or
  town: "Skilled Nursing and Rehabilitation", "the Heart and Vascular Center" stay.
* **A head and "of" a name**: "Hospice of the Eastern Shore", "Home Care of Bristol County",
  "Hospital of Central Connecticut", "VISITING NURSE SERVICE OF NEW YORK" (every word after
  "of" capitalised, ending the name); not "Hospital of choice", "hospice of her own".
* **A residence "at" a town before a kind of care**: "Maplewood at Brewster skilled nursing",
  "Wingate at Needham rehab", "Brookdale at Woodbury assisted living".
"""

from __future__ import annotations

import re

from meddx.deid._history_places import name_word
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import AT_TOWN_KINDS, care_kinds_rx
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["facility_pair_spans"]

_CAP = r"(?:St\.|[A-Z][A-Za-z'\u2019-]*[A-Za-z])"
_PAIR = re.compile(
    rf"((?:{_CAP}[ \t]+){{1,3}})"
    r"(?i:nursing|health|heart|bone|eye|ear|rehabilitation|rehab|skilled[ \t]+nursing|"
    r"senior[ \t]+living|orthop(?:a)?edics?|sports[ \t]+medicine|spine)"
    r"[ \t]*(?:and|&|AND)[ \t]*"
    r"(?i:rehabilitation|rehab|nursing|vascular|joint|ear|wellness|living|healthcare|spine|"
    r"sports[ \t]+medicine|neurosurgery|surgery)\b"
    r"(?:[ \t]+(?i:center|centre|institute|associates|clinic|facility|hospital|specialists|"
    rf"group|pavilion|residence|village|of[ \t]+{_CAP}(?:[ \t]+{_CAP})?))?")
_HEAD_OF = re.compile(
    r"(?=[HMNV])\b((?:Hospice|Hospital|Medical[ \t]+Center|Home[ \t]+Care|Home[ \t]+Health(?:[ \t]+Care)?|"
    r"Nursing[ \t]+Home|Visiting[ \t]+Nurse[ \t]+(?:Service|Association)|Health[ \t]+Center|"
    r"HOSPICE|HOSPITAL|MEDICAL[ \t]+CENTER|HOME[ \t]+CARE|HOME[ \t]+HEALTH(?:[ \t]+CARE)?|"
    r"NURSING[ \t]+HOME|VISITING[ \t]+NURSE[ \t]+(?:SERVICE|ASSOCIATION)|HEALTH[ \t]+CENTER)"
    r"[ \t]+(?:of|OF)[ \t]+(?:(?:the|THE)[ \t]+)?"
    rf"{_CAP}(?:[ \t]+{_CAP}){{0,3}})")
_AT_TOWN_CARE = re.compile(
    rf"\b({_CAP}(?:[ \t]+{_CAP})?[ \t]+at[ \t]+{_CAP}(?:[ \t]+{_CAP})?)[ \t]+"
    rf"(?i:{care_kinds_rx(AT_TOWN_KINDS)})\b")
# The cues the three rules need, found on the lower-cased note before any scan by capitals:
# a connector and a service after it; "of" after a head word; a kind of care after a name.
_PAIR_CUE = re.compile(r"(?:and|&)[ \t]*(?:rehab|nursing|vascular|joint|ear\b|wellness|living|"
                       r"healthcare|spine|sports|neurosurgery|surgery)")
_HEAD_CUE = re.compile(r"(?:hospice|hospital|center|care|health|home|service|association)"
                       r"[ \t]+of[ \t]")
_CARE_CUE = re.compile(rf"[ \t]{care_kinds_rx(AT_TOWN_KINDS)}\b")  # the kinds of _AT_TOWN_CARE
_CAP_BEFORE = re.compile(rf"(?:{_CAP}[ \t]+){{1,3}}$")


#: Words before a pair of services that make it a kind of care, not a name.
_KIND = frozenset("skilled acute subacute sub-acute physical occupational inpatient outpatient "
                  "short long term cardiac pulmonary pediatric paediatric geriatric adult "
                  "comprehensive integrated resident residents patient patients".split())


def _generic(word: str, lex: Lexicon) -> bool:
    """A word that opens no facility's name: a function, kind-of-care or clinical word."""
    k = word.lower().strip(".")
    return k in FUNCTION_WORDS or k in _KIND or (lex.is_medical(k) and not name_word(word, lex))


def _name_end(name: str, start: int, end: int) -> int:
    """Where the name after "of" ends: before a function word ("VISITING NURSE SERVICE OF
    NEW YORK TO FOLLOW": the capitals of an ALL CAPS note run on)."""
    words = list(re.finditer(r"\S+", name))
    of = next(i for i, w in enumerate(words) if w.group(0).lower() == "of")
    for w in words[of + 1:]:
        k = w.group(0).lower()
        if k in FUNCTION_WORDS and k != "the":
            return start + len(name[:w.start()].rstrip())
    return end


def _named(run: str, lex: Lexicon) -> bool:
    return any(name_word(w, lex) for w in run.split())


def _near(rx: re.Pattern[str], cue: re.Pattern[str], text: str, low: str,
          before: int, after: int):
    """The matches of ``rx`` in windows around the matches of ``cue`` in ``low`` (most notes
    have no cue: no scan by capitals at all); each match once."""
    seen = set()
    for c in cue.finditer(low):
        for m in rx.finditer(text, max(0, c.start() - before), min(len(text), c.end() + after)):
            if m.span() not in seen:
                seen.add(m.span())
                yield m


def facility_pair_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the facility names described in the module docstring."""
    out: list[Span] = []
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if " and " in low or "&" in low:
        for m in _near(_PAIR, _PAIR_CUE, text, low, 120, 60):
            lead = m.group(1)
            words = lead.split()
            # drop plain words at the front ("Resident of Oak Hollow ...", "Acute Rehab ...")
            k = 0
            while k < len(words) and _generic(words[k], lex):
                k += 1
            if k == len(words):
                continue
            start = m.start(1) + lead.index(words[k])
            out.append(Span(start, m.end(), "HOSPITAL", "places", 0.75))
    if " of " in low:
        for m in _near(_HEAD_OF, _HEAD_CUE, text, low, 40, 90):
            end = _name_end(m.group(1), m.start(1), m.end(1))
            tail = text[m.start(1):end].split()[-1]
            if lex.is_medical(tail.lower()) and not name_word(tail, lex):
                continue
            start = m.start(1)
            lead = _CAP_BEFORE.search(text, max(0, start - 60), start)
            if lead and _named(lead.group(0), lex):
                start = lead.start()
            out.append(Span(start, end, "HOSPITAL", "places", 0.75))
    if " at " in low:
        for m in _near(_AT_TOWN_CARE, _CARE_CUE, text, low, 90, 40):
            head = m.group(1).split(" at ")[0]
            if _named(head, lex):
                out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.75))
    return out
