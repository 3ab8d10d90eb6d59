"""Weekday abbreviations in a schedule are no names: "aide comes Mon/Thu", "PT Tue/Thu",
"dialysis M-W-F and Sat", "visits Tues & Thurs". "Thu" and "Tue" are census first names, so a
name rule may take them; a weekday abbreviation joined to another one by "/", "-", ",", "&" or
"and" is dropped. "Thu Nguyen called", "Nguyen Thi Thu" (no weekday beside) stay names.
A schedule code in capitals at the end of a name is cut off: "aide Lupe MWF" keeps "Lupe".
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["drop_weekday_names"]

_DAY = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)"
_ABBREVIATIONS = frozenset(_DAY.strip("(?:)").split("|"))
_RUN = re.compile(r"(?i)\b" + _DAY + r"\.?(?:(?:[ \t]*[/,&-][ \t]*|[ \t]+and[ \t]+)" + _DAY + r"\b\.?)+")


_SCHEDULE_END = re.compile(r"[ \t]+(?:MWF|M-W-F|M/W/F|TTH|TTh|TuTh|TR|TThS|TTS|MTWTHF|MTWThF|M-F)$")


def drop_weekday_names(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the NAME spans that are one weekday abbreviation of a schedule."""
    if any(text.endswith(c, s.start, s.end) for s in spans for c in ("F", "H", "h", "S", "R")):
        cut = [(s, _SCHEDULE_END.search(text, s.start, s.end)) for s in spans]
        spans = [Span(s.start, m.start(), s.label, s.source, s.score) if m and m.start() > s.start else s
                 for s, m in cut]
    if not any(text[s.start:s.end].lower() in _ABBREVIATIONS for s in spans):
        return spans
    runs = [m.span() for m in _RUN.finditer(text)]
    return [s for s in spans if text[s.start:s.end].lower() not in _ABBREVIATIONS
            or not any(a <= s.start and s.end <= b for a, b in runs)]
