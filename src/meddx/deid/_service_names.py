"""Names told by the service or the tie a writer puts right after them, in any case (session 16,
branch deidname16).

Clinicians name a colleague by the first name and the service they come from, and a relative
or a team member by a first name and what that person is to the patient:

* **"<name> from <service>"**: "Tomasz from RT", "ANTOINE FROM RESOURCE POOL", "its jaylen
  from the er", "Jen from pharmacy". The service is a care team or a department (``SERVICES``,
  a unit word or a staff credential: "rt", "pt", "pharmacy", "the er", "resource pool"); not a
  place ("Records from Mercy") or a time ("from home").
* **"<name> (<role or relation>)"** and **"<name> - <relation>"**: "Bethany (our dietitian)",
  "Sione (crewmate)", "family (mark - husband, bill - brother)".

The word must read as a given name in any case: a listed first name that is no clinical word
(before a relation or a role a common word too, "mark - husband": the tie vouches for it; before
"from", no common word: "walker from PT" is a frame), or a word that no dictionary, clinical,
place or name list knows ("tomasz", "jaylen"), before "from" only after a comma, a bracket or
words that introduce a person ("its", "this is", "called", "paged", "spoke with", ...; not
"per", "with", "and", "to": "per recs from cardiology", "with tnk from pharmacy"): "Recs from
cardiology", "Hoyer from transport" stay. Before a dash, only a listed first name ("mark -
husband"; "hcpoa - wife" stays). Function, relation, role and unit words never
are ("Transfer from ICU", "Consult from ortho", "Labs from OSH", "Pt from home", "Pain -
husband at bedside").
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon
from meddx.deid._lower_shapes import name_word
from meddx.deid._name_words import (
    CREDENTIAL_FORMS,
    MODALS,
    NOT_STAFF_WORDS,
    RELATIONS,
    ROLES,
    STAFF_CREDENTIALS,
    TITLES,
    UNIT_WORDS,
)
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["SERVICES", "service_names"]

#: Care teams and departments a colleague comes "from", beside the unit words and staff
#: credentials.
SERVICES = frozenset(
    "pharmacy lab laboratory radiology imaging respiratory resource pool float social work "
    "case management chaplaincy spiritual care navigation nutrition dietary security admitting "
    "registration palliative hospice anesthesia interpreter services patient relations "
    "pt/ot physical occupational speech therapy sw cm it ortho cardiology".split())
_SERVICE_WORDS = SERVICES | UNIT_WORDS - {"the", "this", "that", "your", "our", "my", "his", "her",
                                           "their", "and", "or", "per", "am", "pm", "home", "day",
                                           "night", "new", "old"} \
    | STAFF_CREDENTIALS | CREDENTIAL_FORMS
_W = r"[^\W\d_](?:[^\W\d_]|['\u2019-](?=[^\W\d_]))*"
_SERVICE = "|".join(sorted((re.escape(w) for w in _SERVICE_WORDS), key=len, reverse=True))
#: The cues are found first and the word before each is read back (the cheap way round: a
#: regex that opens on the name would be tried at every word of every note).
_FROM = re.compile(rf"(?i)(?<![ \t])[ \t]+from[ \t]+(?:the[ \t]+)?(?:{_SERVICE})(?![\w/-])")
_BEFORE = re.compile(rf"(?<![\w'\u2019.-])(?P<name>{_W})\Z")
_TIE_WORDS = RELATIONS | ROLES | frozenset(
    "dietitian dietician crewmate teammate classmate roommate housemate coach pcp "
    "godmother godfather stepmother stepfather grandma grandpa".split())
_TIE = "|".join(sorted((re.escape(w) for w in _TIE_WORDS), key=len, reverse=True))
_PAREN = re.compile(rf"(?i)(?<![ \t])[ \t]*\([ \t]*"
                    rf"(?:(?:our|the|his|her|their|pt'?s|patient'?s)[ \t]+)?(?:{_TIE})[ \t]*[),]")
_KIN = "|".join(sorted(RELATIONS, key=len, reverse=True))
_DASH = re.compile(rf"(?im)(?<![ \t])[ \t]+-[ \t]+(?:{_KIN})(?=[ \t]*[,;)]|[ \t]*\.?[ \t]*\r?$)")


_INTRO = re.compile(r"(?:[,(]|(?<![\w'\u2019])(?i:its|it['\u2019]s|(?:this|it)[ \t]+is|called|paged|by|"
                    r"told|asked|spoke[ \t]+(?:with|to)))[ \t]*\Z")


def _from_ok(text: str, m: re.Match[str], lex: Lexicon) -> bool:
    """The word before "from <service>" reads as a colleague's given name (module docstring)."""
    word = m.group("name")
    key = word.lower()
    if not _given(word, lex) or key in lex.common_words:
        return False
    if key in lex.first_names:
        return True
    return key not in lex.last_names and _INTRO.search(text, max(0, m.start() - 12), m.start()) \
        is not None


def _given(word: str, lex: Lexicon) -> bool:
    """``word`` reads as a given name (module docstring)."""
    key = word.lower()
    if len(key) < 2 or key in FUNCTION_WORDS or key in NOT_STAFF_WORDS or key in TITLES \
            or key in MODALS and key not in lex.first_names or key in CALENDAR_WORDS \
            or key in SERVICES:
        return False
    if key in lex.first_names:
        return not lex.is_medical(key)
    return name_word(key, lex)


def _names_before(text: str, cue: re.Pattern[str]) -> list[re.Match[str]]:
    """The word right before each match of ``cue``."""
    out = []
    for c in cue.finditer(text):
        m = _BEFORE.search(text, max(0, c.start() - 40), c.start())
        if m is not None:
            out.append(m)
    return out


def service_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names of the module docstring; ``low`` is the text in lower case."""
    out = []
    if " from " in low:
        out += [m.span("name") for m in _names_before(text, _FROM) if _from_ok(text, m, lex)]
    if "(" in text:
        out += [m.span("name") for m in _names_before(text, _PAREN) if _given(m.group("name"), lex)]
    if " - " in text:  # a listed first name only: "hcpoa - wife", "mpoa - son" stay
        out += [m.span("name") for m in _names_before(text, _DASH)
                if m.group("name").lower() in lex.first_names and _given(m.group("name"), lex)]
    return out
