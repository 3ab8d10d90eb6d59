"""A staff member's name between a role and a report verb (session 29), NAME, in any case.

"Night RN Felicity updated at handoff", "Charge RN Felicity met with her", "md oyelaran
notified", "MD OYELARAN NOTIFIED": a role (RN, MD, NP, CM, SW, LPN, CNA, CRNA; not "RT" nor "PA",
also "right" and "pulmonary artery": "rt side aware of plan"), one word, then a verb that reports
on a person ("notified", "updated", "aware", "assisted", "informed", "paged", "met", "saw",
"verified", "witnessed", "confirmed", "agreed", "spoke", "examined", "at bedside"). The word
names a person even where it is a common word ("Felicity") or in no list ("oyelaran"); in a line
with capitals and lower case it must be capitalised; in a line with no case a common word must be
a listed first or last name or follow a shift or charge word ("night rn marigold updated"; "MD
COVERAGE UPDATED" stays). It must be no function or clinical word, no
relative or patient, and no word of the ward's routine ("RN also notified", "MD team aware", "RN
pt aware", "CM note reviewed", "MD on call paged", "md oncall paged", "sw intake met",
"charge RN made aware" stay; a word in -ed or -ing that is a common word is a verb: "RN called
notified" stays). The readable groups show the class in 24A, 27A and 27B.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._line_case import NoteLines
from meddx.deid._name_words import RELATIONS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["role_verb_names"]

_ROLE_VERB = re.compile(
    r"(?<![\w/-])(?:rn|md|np|cm|sw|lpn|cna|crna)[ \t]+([a-z][a-z'-]{1,24})[ \t]+"
    r"(?:notified|updated|aware|assisted|informed|paged|met|saw|verified|witnessed|confirmed|"
    r"agreed|agrees|spoke|examined|at[ \t]+(?:the[ \t]+)?bedside)\b")
#: A shift or charge word before the role: a plain word after it is a nurse's name ("night rn
#: marigold updated").
_SHIFT_BEFORE = re.compile(r"\b(?:night|nights|day|days|evening|charge|primary|bedside|float|oncoming)"
                           r"[ \t]+$")
#: Words of the ward's routine between a role and a verb.
_ROUTINE = frozenset(
    "team staff night day days nights shift also both already again then now still was is were "
    "has had not and who on off call covering attending resident fellow primary charge oncoming "
    "outgoing floor unit service pt pts patient patients family note notes order orders report "
    "plan consult consults x2 x3 personally directly immediately promptly previously verbally "
    "present team's this that today tonight overnight earlier too sepsis stroke rapid response "
    "code wound pain vascular access picc iv transport rounding trauma burn neuro cardiac renal "
    "psych palliative hospice float resource supervisor manager lead educator who's made kept "
    "been being got getting personally oncall on-call backup coverage nocturnist hospitalist "
    "intake".split())


def role_verb_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names of the module docstring."""
    out: list[tuple[int, int]] = []
    lines = NoteLines(text)
    for m in _ROLE_VERB.finditer(low):
        k = m.group(1)
        verb = k.endswith(("ed", "ing")) and k in lex.common_words
        if k in FUNCTION_WORDS or k in _ROUTINE or verb or k in RELATIONS or lex.is_medical(k) \
                or k in lex.states or k in lex.cities and k not in lex.last_names:
            continue
        s, e = m.span(1)
        if not lines.without_case(s):
            if not text[s].isupper():
                continue  # "RN also notified" in a mixed-case line: a name is capitalised
        elif k in lex.common_words and k not in lex.first_names and k not in lex.last_names \
                and _SHIFT_BEFORE.search(low, max(0, m.start() - 12), m.start()) is None:
            continue  # "MD COVERAGE UPDATED": no case, a plain word ("night rn marigold" stays)
        out.append((s, e))
    return out
