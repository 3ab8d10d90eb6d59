"""A staff member's first name with the role in brackets after it (session 21, branch
deidrec21), NAME, in any case: "report given by jasmine (pacu rn) to theo (floor rn)",
"PRESENT: DR. HALE, ANA (SW), PALLIATIVE NP", "Rosalind (charge RN)". The bracket holding
only a role says the word before it is a person, also where the word is an English word or
a test's abbreviation ("jasmine", "ANA"). The word must be a listed first name; not a
function word, a modal or a word that is no name ("report given by phone (pacu rn)",
"will (RN) ...").
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["role_bracket_names"]

#: Staff roles, optionally after a unit or shift word; the whole bracket is the role.
_ROLE = (
    r"(?:(?:pacu|floor|icu|micu|sicu|ccu|cvicu|nicu|picu|ed|er|or|night|day|charge|primary|"
    r"bedside|float|unit|wound|ostomy|woc|hospice|palliative|oncoming|outgoing|admitting|"
    r"receiving|sending|travel|agency)\s)?"
    r"(?:rn|lpn|cna|sw|msw|lcsw|licsw|np|pa|pa-c|rt|rrt|pt|ot|slp|rd|cm|md|pharmd|"
    r"chaplain|interpreter|nurse|case\smanager|social\sworker|tech|resident|attending|fellow)"
)
_BRACKET = re.compile(rf"(?i)\b([A-Za-z][A-Za-z'\u2019-]+)[ \t]?\([ \t]?{_ROLE}[ \t]?\)")
#: Words before a role bracket that are no name.
_NOT_NAMES = frozenset(
    "will may can must shall might would should could did does called paged page report "
    "phone message text given by to from per with and or rn md np sw pt".split())


def role_bracket_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of each listed first name followed by a bracketed role."""
    if "(" not in text:
        return []
    out = []
    for m in _BRACKET.finditer(text):
        key = m.group(1).lower()
        if key in FUNCTION_WORDS or key in _NOT_NAMES or key not in lex.first_names:
            continue
        out.append((m.start(1), m.end(1)))
    return out
