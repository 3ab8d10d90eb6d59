"""Practices named by a word and their specialty (HOSPITAL): "Riverbend Rheumatology",
"BLUEGRASS ORTHOPAEDICS", "Summit Eye Care", "Lakeshore Women's Health", "Harbor Family
Medicine & Pediatrics".

The name is one to three capitalised words (or words in capitals) before a specialty word,
with an optional "Associates", "Group", "Partners", "PC" after it. Its first word must not be
a clinical modifier ("Pediatric Cardiology", "Interventional Radiology", "Sports Medicine",
"Adult Neurology"), a function word, a month or a state; and the run must stand where a
practice's name stands: after a clinician's credential and a comma ("DEVIN PATEL, PA-C,
BLUEGRASS ORTHOPAEDICS"), alone on a line (a letterhead) or after "at", "from", "to", "with",
"by", "via" ("seen at Riverbend Rheumatology"). In the last two places no word of the name
may be a common word ("FORENSIC PSYCHIATRY" as a heading, "at Summit Eye Care" stay).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = ["FIRSTS", "practice_spans"]

_SPECIALTY = (r"(?:Rheumatology|Orthopa?edics|Cardiology|Dermatology|Urology|Neurology|Gastroenterology|"
              r"Pulmonology|Nephrology|Endocrinology|Oncology|Hematology|Podiatry|Pa?ediatrics|"
              r"Ophthalmology|Optometry|Audiology|Allergy|Orthodontics|Dentistry|Psychiatry|Gynecology|"
              r"Obstetrics|OB/GYN|Ob/Gyn|Eye[ \t]Care|Foot[ \t]Care|Family[ \t]Medicine|"
              r"Internal[ \t]Medicine|Women'?s[ \t]Health|Family[ \t]Practice|Primary[ \t]Care)")
_SPECIALTY_ANY = r"(?:" + _SPECIALTY + r"|" + _SPECIALTY.upper().replace("[ \\T]", "[ \\t]") + r")"
_TAIL = (r"(?:[ \t]*(?:&|and|AND)[ \t]*" + _SPECIALTY_ANY + r")?"
         r"(?:[ \t]+(?:Associates|ASSOCIATES|Group|GROUP|Partners|PARTNERS|Specialists|SPECIALISTS|"
         r"P\.?C\.?|PLLC|LLC))?")
_WORD = r"(?:[A-Z][A-Za-z'-]+|[A-Z]{2,})"
#: The specialty and its tail (found first), then the name's words, read back from it.
_SPECIALTY_AT = re.compile(_SPECIALTY_ANY + _TAIL + r"(?![\w'-])")
_NAME_BEFORE = re.compile(r"(?<![\w'-])(?P<name>" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,2})[ \t]+$")
#: First words of the specialties: the scan starts at these tokens only.
FIRSTS = frozenset(
    "rheumatology orthopaedics orthopedics cardiology dermatology urology neurology gastroenterology "
    "pulmonology nephrology endocrinology oncology hematology podiatry pediatrics paediatrics "
    "ophthalmology optometry audiology allergy orthodontics dentistry psychiatry gynecology "
    "obstetrics ob eye foot family internal women womens primary".split())
_PART = re.compile(r"\S+")
_CREDENTIAL_BEFORE = re.compile(r"(?:\b(?:MD|M\.D\.|DO|PA-C|NP|FNP|ARNP|APRN|DPM|OD|DDS|DMD|PhD|RN)"
                                r"|\b(?:Dr|DR)\.?[ \t]+[A-Z][A-Za-z'-]+),[ \t]*$")
_CUE_BEFORE = re.compile(r"\b(?i:at|from|to|with|by|via)[ \t]+$")
_LINE_REST = re.compile(r"[ \t]*(?:$|\n|[,(]|[ \t]-[ \t])")
#: First words that make the run a kind of care, not a practice's name.
_MODIFIERS = frozenset(
    "adult pediatric paediatric general interventional invasive noninvasive non-invasive nuclear "
    "preventive sports clinical surgical medical outpatient inpatient comprehensive advanced "
    "geriatric child adolescent transplant reproductive cosmetic dental behavioral integrative "
    "functional consult consulting consultative academic community university hospital department "
    "dept division section fellow fellowship our your see per follow new old outside local "
    "private primary family internal women womens men mens acute chronic urgent emergency "
    "cardiac heart lung kidney liver skin eye bone joint spine sleep pain headache memory "
    "movement epilepsy stroke vascular thoracic oncology hematology neurology cardiology "
    "dermatology urology".split())


def practice_spans(text: str, lex: Lexicon, toks: list[Token]) -> list[Span]:
    """Spans of the practices of the module docstring."""
    out: list[Span] = []
    done = -1
    for t in toks:
        if t.key not in FIRSTS or t.start < done:
            continue
        start = t.start
        m = _SPECIALTY_AT.match(text, start)
        if m is None:
            continue
        done = m.end()
        line = text.rfind("\n", 0, start) + 1
        n = _NAME_BEFORE.search(text, max(line, start - 60), start)
        if n is None:
            continue
        parts = list(_PART.finditer(n.group("name")))[-3:]
        words = [p.group() for p in parts]
        first_at = n.start("name") + parts[0].start()
        first = words[0].lower()
        if first in _MODIFIERS or first in FUNCTION_WORDS or first in MONTHS or first in lex.states \
                or lex.is_medical(first, abbreviations=False):
            continue
        alone = not text[line:first_at].strip() and _LINE_REST.match(text, m.end()) is not None
        credential = _CREDENTIAL_BEFORE.search(text, max(0, first_at - 40), first_at) is not None
        cued = _CUE_BEFORE.search(text, max(0, first_at - 8), first_at) is not None
        uncommon = all(w.lower() not in lex.common_words for w in words)
        if not (credential or (alone or cued) and uncommon):
            continue  # a heading alone on its line: "FORENSIC PSYCHIATRY"
        out.append(Span(first_at, m.end(), "HOSPITAL", "places", 0.75))
    return out
