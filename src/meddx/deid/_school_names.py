"""Schools named without the word "School" (typed LOCATION).

"attends Veterans Memorial Elementary", "7th grade at Lincoln Middle", "teacher at Oak Ridge
High", "senior at Deering High", "kindergarten at Riverside Elementary": one to three
capitalised name words and Elementary, Middle, High, Junior High or Intermediate, after
"at", "attends" or "from" (or a grade word). The name words must not be common or clinical
words ("at Right Middle lobe", "at Very High risk", "from Moderate High"): no clinical word
and no degree word first; and the level word
must not be followed by a noun that makes it an adjective ("Lincoln High risk" is kept out by
the noun list: lobe, risk, fever, dose, flow, grade, output, school ...).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span

__all__ = ["SCHOOL_KEYS", "school_spans"]

#: Lower-cased level words; a note without one skips the scan.
SCHOOL_KEYS = frozenset(("elementary", "middle", "high", "intermediate"))
_SCHOOL = re.compile(
    r"\b(?:at|attends|attending|attended|from|to)[ \t]+"
    r"(?P<name>(?:[A-Z][a-z'.-]+[ \t]+){1,3}?(?:Elementary|Middle|Junior[ \t]+High|High|Intermediate))"
    r"(?![ \t]*-?[ \t]*(?i:lobe|risk|fever|dose|doses|flow|grade|output|school|schools|level|levels|"
    r"pressure|blood|volume|suspicion|intensity|concern|alert|priority|fall|ear|finger|turbinate|"
    r"cerebral|third|range|normal|resolution|frequency|density|sensitivity)\b)(?![\w-])")
_NOT_NAME = frozenset("right left very low moderate moderately severe severely mild mildly upper lower mid "
                      "extremely relatively fairly quite the a an his her their our this that".split())


def school_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the schools of the module docstring."""
    out: list[Span] = []
    for m in _SCHOOL.finditer(text):
        words = m.group("name").split()[:-1]
        if words[-1] == "Junior":
            words.pop()
        if not words:
            continue
        keys = [w.lower().strip(".") for w in words]
        if keys[0] in _NOT_NAME or any(lex.is_medical(k, abbreviations=False) for k in keys):
            continue
        out.append(Span(m.start("name"), m.end("name"), "LOCATION", "places", 0.85))
    return out
