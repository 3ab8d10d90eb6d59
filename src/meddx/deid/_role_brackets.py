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
#: The bracketed role, matched at each "(" of the note.
_BRACKET = re.compile(rf"(?i)\([ \t]?{_ROLE}[ \t]?\)")
#: The word right before the bracket (one blank or none between), read from a short slice.
_BEFORE = re.compile(r"(?<![A-Za-z'\u2019-])([A-Za-z][A-Za-z'\u2019-]+)[ \t]?$")
#: Words before a role bracket that are no name.
_NOT_NAMES = frozenset(
    "will may can must shall might would should could did does called paged page report "
    "phone message text given by to from per with and or rn md np sw pt "
    # a unit ("report from ED (RN)") or an assist level ("Max (PT) assist"), not "Ed" or "Max"
    "ed er or icu pacu max mod min".split())


def role_bracket_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of each listed first name followed by a bracketed role."""
    out = []
    at = text.find("(")
    while at >= 0:
        if _BRACKET.match(text, at):
            m = _BEFORE.search(text, max(0, at - 30), at)
            key = m.group(1).lower() if m else ""
            if key and key not in FUNCTION_WORDS and key not in _NOT_NAMES and key in lex.first_names:
                out.append((m.start(1), m.end(1)))
        at = text.find("(", at + 1)
    return out
