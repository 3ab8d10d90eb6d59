"""Units and practices in the headers and call-backs of reports.

* **A location field, then a word and a number**: "Loc: Ellison 9", "Unit: Kemper 6"; not a
  room, bed, generic unit or compass ward ("Loc: Room 12", "Unit: MICU 4", "Loc: WEST 7": the
  shared set leaves "4 West" / "5 North" unmarked, as generic units).
* **After a nurse's credential and a comma, a word and a number closed by a comma**: "read
  back by Marisol Ybarra, RN, Ellison 9, at 1322" (not "RN, Bed 4,").
* **A specialty after a practice's name**: "Elmwood OB/GYN", "Bayfront Pulmonary", "Lowell
  Children's", "Cedar Bluff Cardiology Associates": a facility or town span found by the other
  rules, then a capitalised specialty word (and a practice word) on the same line, with one
  space between; not "Mercy, pulmonary consulted", nor a study or society ("Framingham Heart
  Study").
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import STUDY_WORDS_AFTER
from meddx.deid._span import Span

__all__ = ["report_place_spans", "specialty_tail_spans"]

_FIELDS = frozenset("loc location unit ward floor".split())
_FIELD_WARD = re.compile(r"[ \t]*([A-Z][A-Za-z]+[ \t]?\d{1,2}[A-Z]?)(?![\w/-])")
_RN_WARD = re.compile(r"(?:RN|rn|R\.N\.)[ \t]*,[ \t]*([A-Z][a-z]+[ \t]\d{1,2}[A-Z]?)(?=[ \t]*[,;)])")
_GENERIC = frozenset("icu micu sicu ccu cvicu csru nicu picu pacu ed er or tele pod bay bed room "
                     "rm suite floor level station cath north south east west".split())
_SPECIALTY = re.compile(
    r"[ ](?:OB/GYN|OB-GYN|OBGYN|Ob/Gyn|Pulmonary|Pulmonology|Cardiology|Cardiovascular|Oncology|"
    r"Hematology|Gynecology|Obstetrics|Women['\u2019]s|Children['\u2019]s|Pediatrics|Pediatric|"
    r"Orthopedics|Orthopaedics|Neurology|Neurosurgery|Urology|Dermatology|Gastroenterology|"
    r"Radiology|Imaging|Rheumatology|Nephrology|Endocrinology|Sleep|Eye|Vision|Dental|"
    r"Podiatry|Allergy|Psychiatry|Surgical|Surgery|Internal[ ]Medicine|Family[ ]Medicine|"
    r"Primary[ ]Care|Urgent[ ]Care|Behavioral[ ]Health|Heart|Kidney|Cancer|Spine|ENT)"
    r"(?:[ ](?:Associates|Group|Partners|Clinic|Center|Centre|Specialists|Practice|Care|"
    r"Institute|Consultants|Hospital|PC|LLC|Services))?(?![\w/-])"
    rf"(?![ \t]+(?i:{STUDY_WORDS_AFTER})\b)")


def report_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """The wards described in the module docstring."""
    out = []
    i = text.find(":")
    while i >= 0:  # a location field: the word before the colon
        word = text[max(0, i - 12):i].rstrip().rsplit(None, 1)[-1:]
        m = _FIELD_WARD.match(text, i + 1) if word and word[0].lower() in _FIELDS else None
        if m is not None:
            head = re.match(r"[A-Za-z]+", m.group(1)).group().lower()
            if head not in _GENERIC and head not in lex.common_words \
                    and not (m.group(1).split()[0].isupper() and lex.is_medical(head)):
                out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.75))
        i = text.find(":", i + 1)
    for m in _RN_WARD.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        word = m.group(1).split()[0].lower()
        if word not in _GENERIC and word not in lex.common_words:
            out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.75))
    return out


def specialty_tail_spans(text: str, spans: list[Span]) -> list[Span]:
    """A facility or town span and the specialty that follows it, as one HOSPITAL span."""
    out = []
    for s in spans:
        if s.label not in ("HOSPITAL", "LOCATION") or text[s.end:s.end + 1] != " ":
            continue
        m = _SPECIALTY.match(text, s.end)
        if m is not None:
            out.append(Span(s.start, m.end(), "HOSPITAL", "places", max(s.score, 0.75)))
    return out
