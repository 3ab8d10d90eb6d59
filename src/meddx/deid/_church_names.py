"""Congregations named by a word and a denomination, without "Church" (LOCATION).

"sings in the choir at First Congregational", "attends Westminster Presbyterian", "member of
Grace Lutheran", "pastor at Bethel AME", "St. Mark's Episcopal on Sundays": one to three
capitalised words and a denomination, after "at", "attends", "member of", "pastor of" and the
like. A denomination alone or with its own modifier is a faith, not a place: "Religion: Roman
Catholic", "raised Southern Baptist", "United Methodist" stay.
"""

from __future__ import annotations

import re

from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._span import Span

__all__ = ["DENOMINATION_KEYS", "church_spans"]

_DENOMINATION = (r"(?:Presbyterian|Congregational|Methodist|Lutheran|Episcopal|Baptist|Catholic|"
                 r"Unitarian(?:[ \t]Universalist)?|Pentecostal|Evangelical|Mennonite|Adventist|AME|"
                 r"A\.M\.E\.|Orthodox|Nazarene|Church[ \t]of[ \t]Christ|Assembly[ \t]of[ \t]God)")
#: Token keys of the denominations: a note without one skips the scan.
DENOMINATION_KEYS = frozenset(
    "presbyterian congregational methodist lutheran episcopal baptist catholic unitarian pentecostal "
    "evangelical mennonite adventist ame orthodox nazarene christ god".split())
_CHURCH = re.compile(
    r"\b(?P<cue>(?i:at|attends|attended|attending|attend|member[ \t]+of|members[ \t]+of|"
    r"pastor[ \t]+(?:at|of)|"
    r"minister[ \t]+(?:at|of)|priest[ \t]+(?:at|of)|volunteers[ \t]+at|choir[ \t]+at|from))[ \t]+"
    r"(?P<name>(?:(?:St\.?|Saint)[ \t]+)?[A-Z][A-Za-z'\u2019-]+(?:[ \t][A-Z][A-Za-z'\u2019-]+){0,2}?[ \t]+"
    + _DENOMINATION + r")\b"
)
#: Words that qualify a denomination: the name is then a faith ("Southern Baptist").
_FAITH_WORDS = frozenset(
    "southern united roman greek russian american free reformed missionary primitive independent "
    "evangelical orthodox african seventh-day conservative reform traditional lutheran catholic "
    "anglican episcopal christian protestant".split())


def church_spans(text: str) -> list[Span]:
    """Spans of the congregations of the module docstring."""
    out: list[Span] = []
    for m in heads_finditer(_CHURCH, text):
        words = m.group("name").split()
        if words[0].lower().rstrip(".") in ("st", "saint"):
            words = words[1:]
        if all(w.lower() in _FAITH_WORDS for w in words[:-1]):
            continue
        out.append(Span(m.start("name"), m.end("name"), "LOCATION", "places", 0.7))
    return out
