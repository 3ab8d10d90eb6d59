"""Named wards, halls and houses of nursing homes, group homes and hospitals (HOSPITAL), after a
room, a bed, or a move: "fell in room 214 on Sunrise Hall", "bed on Birch unit", "moved to
Maple House last spring", "transferred to the Whitman Pavilion", "resident of Linden Wing".

One or two capitalised words and a ward word (unit, wing, hall, pavilion, house, cottage,
lodge, tower, court, neighborhood). The words may be common ones ("Sunrise", "Birch"); they must
not be a kind of care, a place in the building or a direction ("on Memory Care unit", "to Step
Down unit", "on East Wing", "Main Hall", "on Medical unit", "to Dialysis unit" stay), and a
room, bed, admission, move or residence must come just before.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import Token

__all__ = ["WARD_KEYS", "residence_ward_spans"]

#: Token keys of the ward words: a note without one (and a cue) skips the scan.
WARD_KEYS = frozenset("unit wing hall pavilion house cottage lodge tower court neighborhood".split())
_CUES = frozenset("room rm bed admitted readmitted transferred transfer moved moving placed returned back "
                  "resident lives living resides residing".split())
#: Matched right after a cue word.
_WARD = re.compile(
    r"[^.;\n]{0,24}?\b(?i:on|to|of|in|at)[ \t]+(?:the[ \t]+)?"
    r"(?P<ward>[A-Z][a-z][A-Za-z'-]*(?:[ \t][A-Z][a-z][A-Za-z'-]*)?[ \t]+"
    r"(?:Unit|unit|UNIT|Wing|wing|Hall|hall|Pavilion|House|Cottage|Lodge|Tower|Court|Neighborhood))\b"
)
#: Words that make the ward a kind of care, a part of a building or a direction.
_GENERIC = frozenset(
    "memory care dementia secure locked skilled long term short stay transitional observation "
    "behavioral psych geri geriatric senior main east west north south new old first second third "
    "fourth fifth upper lower special step down intensive acute sub subacute medical surgical "
    "rehab rehabilitation hospice dialysis cardiac burn trauma respiratory vent ventilator "
    "palliative comfort general private public assisted independent living nursing the a "
    "maternity labor delivery pediatric adult children women family same other another this "
    "that his her their our sister group half halfway frat fraternity sorority open court "
    "dining day activity town city county state federal white".split())


def residence_ward_spans(text: str, lex: Lexicon, toks: list[Token]) -> list[Span]:
    """Spans of the wards of the module docstring."""
    out: list[Span] = []
    done = -1
    for t in toks:
        if t.key not in _CUES or t.start < done:
            continue
        m = _WARD.match(text, t.end)
        if m is None:
            continue
        done = m.end()
        words = m.group("ward").split()[:-1]
        if any(w.lower() in _GENERIC or lex.is_medical(w.lower(), abbreviations=False) for w in words):
            continue
        out.append(Span(m.start("ward"), m.end("ward"), "HOSPITAL", "places", 0.7))
    return out
