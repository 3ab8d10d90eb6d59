"""Facility names built around "at" (session 18, deidhosp18).

US senior-living, assisted-living and nursing facilities are very often named "The <Oaks> at
<Place>": a landscape or building word in the plural (or a few set singulars such as "Terrace",
"Manor", "Landing") and "at" before the place's name ("the arbors at fairhaven", "The Willows at
Meadow Creek"). Discharge and case-management notes write them after "snf at", "d/c to", "bed
offer from", in any case and often wrapped after "at". Without the shape, only the place after
"at" was found (a LOCATION), which leaves the facility's own word uncovered.

:func:`at_name_spans` tags "<word> at <name>" as one HOSPITAL span when "the" comes before the
word (the article is left out of the span, as annotators do). The name after "at" is one to three
words: it stops at a function word ("when", "in", "for"), a time word ("next", "today"), a digit,
punctuation or a second line break; a line break is read only right after "at" (the name wrapped).

The shape is a naming convention of US facilities, not a surface of one writer's notes; it is
cheap (one ``finditer`` per note, and only when the text holds " at").
"""

from __future__ import annotations

import re

from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["AT_NAME_WORDS", "at_name_spans"]

#: the words that open "The <word> at <place>" facility names
AT_NAME_WORDS = frozenset(
    "arbors oaks pines willows gardens meadows woods terrace terraces villas village villages "
    "heights commons residences residence landing glen courtyard courtyards manor lakes springs "
    "cottages crossing crossings orchards palms cedars maples elms birches groves highlands "
    "shores bluffs hills pointe preserve fountains lodge summit waterford".split())

_AT_NAME = re.compile(
    r"(?i)(?<![\w'])the[ \t]+(" + "|".join(sorted(AT_NAME_WORDS)) + r")[ \t]+at"
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(?=[A-Za-z])")
#: one word of the name after "at" (letters, an inner apostrophe, hyphen or a "St." period)
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*\.?")
#: words that end the name after "at": time words and others a writer puts right after it
_STOP = frozenset(
    "next today tomorrow tonight soon later pending once per near bed beds vs versus "
    "week weeks month months day days yesterday".split())


def at_name_spans(text: str) -> list[Span]:
    """HOSPITAL spans for "the <word> at <name>" (see the module docstring)."""
    if " at" not in text and "\tat" not in text and " AT" not in text and " At" not in text:
        return []
    out = []
    for m in _AT_NAME.finditer(text):
        end = _name_end(text, m.end())
        if end > m.end():
            out.append(Span(m.start(1), end, "HOSPITAL", "places", 0.85))
    return out


def _name_end(text: str, pos: int) -> int:
    """Where the one to three words of the name starting at ``pos`` end (``pos`` if none)."""
    end = pos
    for _ in range(3):
        w = _NAME_WORD.match(text, pos)
        if w is None:
            break
        key = w.group().lower().rstrip(".").replace("\u2019", "'").removesuffix("'s")
        if key in FUNCTION_WORDS or key in _STOP:
            break
        end = w.end() if not w.group().endswith(".") or key in ("st", "mt", "ft") else w.end() - 1
        if end < w.end():
            break  # a sentence ends on this word
        gap = re.match(r"[ \t]+", text[end:end + 8])
        if gap is None:
            break
        pos = end + gap.end()
    return end
