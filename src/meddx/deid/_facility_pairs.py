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
    r"\b((?:Hospice|Hospital|Medical[ \t]+Center|Home[ \t]+Care|Home[ \t]+Health(?:[ \t]+Care)?|"
    r"Nursing[ \t]+Home|Visiting[ \t]+Nurse[ \t]+(?:Service|Association)|Health[ \t]+Center|"
    r"HOSPICE|HOSPITAL|MEDICAL[ \t]+CENTER|HOME[ \t]+CARE|HOME[ \t]+HEALTH(?:[ \t]+CARE)?|"
    r"NURSING[ \t]+HOME|VISITING[ \t]+NURSE[ \t]+(?:SERVICE|ASSOCIATION)|HEALTH[ \t]+CENTER)"
    r"[ \t]+(?:of|OF)[ \t]+(?:(?:the|THE)[ \t]+)?"
    rf"{_CAP}(?:[ \t]+{_CAP}){{0,3}})")
_AT_TOWN_CARE = re.compile(
    rf"\b({_CAP}(?:[ \t]+{_CAP})?[ \t]+at[ \t]+{_CAP}(?:[ \t]+{_CAP})?)[ \t]+"
    r"(?i:skilled[ \t]+nursing|assisted[ \t]+living|senior[ \t]+living|memory[ \t]+care|"
    r"rehab(?:ilitation)?|nursing[ \t]+(?:home|facility|center)|snf|alf|ltc|ltach|"
    r"long[ \t]+term[ \t]+care)\b")
_CAP_BEFORE = re.compile(rf"(?:{_CAP}[ \t]+){{1,3}}$")


#: Words before a pair of services that make it a kind of care, not a name.
_KIND = frozenset("skilled acute subacute sub-acute physical occupational inpatient outpatient "
                  "short long term cardiac pulmonary pediatric paediatric geriatric adult "
                  "comprehensive integrated resident residents patient patients".split())


def _generic(word: str, lex: Lexicon) -> bool:
    """A word that opens no facility's name: a function, kind-of-care or clinical word."""
    k = word.lower().strip(".")
    return k in FUNCTION_WORDS or k in _KIND or (lex.is_medical(k) and not name_word(word, lex))


def _named(run: str, lex: Lexicon) -> bool:
    return any(name_word(w, lex) for w in run.split())


def facility_pair_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the facility names described in the module docstring."""
    out: list[Span] = []
    low = text.lower()
    if " and " in low or "&" in low:
        for m in _PAIR.finditer(text):
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
        for m in _HEAD_OF.finditer(text):
            name = m.group(1)
            tail = name.split()[-1]
            if lex.is_medical(tail.lower()) and not name_word(tail, lex):
                continue
            start = m.start(1)
            lead = _CAP_BEFORE.search(text, max(0, start - 60), start)
            if lead and _named(lead.group(0), lex):
                start = lead.start()
            out.append(Span(start, m.end(1), "HOSPITAL", "places", 0.75))
    if " at " in low:
        for m in _AT_TOWN_CARE.finditer(text):
            head = m.group(1).split(" at ")[0]
            if _named(head, lex):
                out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.75))
    return out
