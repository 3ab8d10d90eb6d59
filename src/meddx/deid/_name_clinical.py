"""Clinical terms are no names: the last guard of the names detector (session 20, deidfp20n).

A name rule that reads a cue ("report to", "-- " before a signature, a word before ", RN") may
take a clinical term written where a name could stand: a unit ("NSICU RN NOTE"), a team or a
service before a credential ("HH RN", "RRT MD", "WOC RN"), a credential alone as a signature
("-- LICSW", "-- MSW, LCSW"), a specialty ("discussed with hepatology", "-- Hospitalist",
"(intensivist) accepted"), a vital sign or a discipline ("CC/HR, MD aware", "PT/OT/SLP").

A NAME span is dropped when every word of it (single letters aside: "L TM") is clinical
vocabulary that no census list has as a name:

* the hand-written medical terms (``resources/medical_terms.txt``; not the 7,000 generated
  clinical abbreviations: a staff member's short first name may be one of those);
* a credential, a team abbreviation or a care role (``_name_words``);
* a specialty or a unit by its form: "-ology", "-ologist", "-ician", "-alist", "-ivist",
  "-apist", "-acist", "-iatrist", "-tionist", "-ntist" and a unit ending in "ICU" ("NSICU");
* a word that opens with a clinical abbreviation in capitals and goes on in lower case
  ("ARDSnet").

A word of a shift or a unit ("DAY RN", "NIGHT RN") that a census list has as a surname is
dropped only alone and right before a credential. A title just before the span ("Dr. Ot",
"Mr. Micu") is a strong name cue: the span stays.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import CREDENTIALS, ROLES, STAFF_CREDENTIALS, TEAM_ABBREVS, TITLES
from meddx.deid._name_words import UNIT_WORDS as _UNIT_WORDS

__all__ = ["drop_clinical_names"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
_FORM = re.compile(r"(?:ology|ologists?|icians?|alists?|ivists?|apists?|acists?|iatrists?|tionists?|"
                   r"ntists?|[a-z]icu)$")
_CAPS_THEN_LOWER = re.compile(r"([A-Z]{3,})[a-z]{2,}$")
_STAFF = CREDENTIALS | STAFF_CREDENTIALS | TEAM_ABBREVS | ROLES
_TITLE_BEFORE = re.compile(r"\b(" + "|".join(sorted(TITLES, key=len, reverse=True))
                           + r")\.?[ \t]*$", re.IGNORECASE)
_CREDENTIAL_AFTER = re.compile(r"[ \t]*,?[ \t]*([A-Za-z]{2,5})\b")


def _clinical(word: str, lex: Lexicon) -> bool:
    """``word`` is clinical vocabulary and no census name."""
    key = word.lower()
    if key in lex.first_names or key in lex.last_names:
        return False
    if key in _STAFF or _FORM.search(key) or lex.is_medical(word, abbreviations=False):
        return True
    caps = _CAPS_THEN_LOWER.match(word)  # "ARDSnet": an abbreviation in capitals, then lower case
    return caps is not None and lex.is_medical(caps.group(1), abbreviations=False)


def _shift_before_credential(text: str, start: int, end: int) -> bool:
    """A lone shift or unit word before a credential: "DAY RN", "night rn"."""
    if text[start:end].lower() not in _UNIT_WORDS:
        return False
    m = _CREDENTIAL_AFTER.match(text, end)
    return m is not None and m.group(1).lower() in STAFF_CREDENTIALS


def _clinical_span(text: str, start: int, end: int, lex: Lexicon) -> bool:
    words = [w for w in _WORD.findall(text, start, end) if len(w) > 1]
    if not words:
        return False
    if _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return False  # "Dr. Ot", "Mr. Micu": a title is a strong cue
    if len(words) == 1 and _shift_before_credential(text, start, end):
        return True
    return all(_clinical(w, lex) for w in words)


def drop_clinical_names(text: str, found: list[tuple[int, int, float]],
                        lex: Lexicon) -> list[tuple[int, int, float]]:
    """``found`` (start, end, score) without the spans made of clinical terms only."""
    return [f for f in found if not _clinical_span(text, f[0], f[1], lex)]
