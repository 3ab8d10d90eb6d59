"""Which short forms of a facility found in one note are carried to the other notes of a call
(``deid.facility_forms_across_notes: cued``, the default since session 27).

A facility's short forms ("Linden Hill" of "Linden Hill Manor", "the Agnes" of "St Agnes
Hospital", "HVMC") are redacted in the note that names it in full. Carried to every other
note of the call they were mostly false spans (session 26: "night shift" of a "Night Shift
Nursing" found in one note, "NSGY" of "NSGY clinic", "Ohio" of "ohio state"). The middle path
carries a form to another note only where that note shows it with a facility cue: after "at",
"from", "in", "into", "@", or "to" after a word of moving ("back to sorrel creek", "f/u at
harlan valley", "a nurse @ the agnes", "dialysis ctr in Wendham"; not "allergic to sulfa"), or
before a department or facility word ("SPRUCE HOLLOW RECOVERY", "Merrowfield ED", "sorrel
creek skilled nursing", "fenwick unit"). Once cued there, every occurrence of the form in that
note is redacted (as a note's own forms are). A form of one word that is a common, clinical or
function word, a city or a state ("Mercy", "Ohio", "Heritage"), a kind of care ("mail order")
or a form with a generic word of places ("Night Shift" of a "Night Shift Nursing": "handoff to
night shift") is never carried: in its own note only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from meddx.deid._leak import PhiRecorder
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import CARE_KINDS, GENERIC_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["cued_forms"]

_WORD = re.compile(r"[^\W_]+")
#: a cue before the form: "transferred from the X", "seen @ X", "ctr in X", and "to" after a
#: word of moving ("back to X", "d/c to X"; not "allergic to X", "handoff to X")
_BEFORE = re.compile(
    r"(?i)(?:\b(?:at|from|in|into)[ \t]+|@[ \t]*|\b(?:back|transfer|transferred|tx|txed|"
    r"d/c|dc|discharge|discharged|return|returned|returns|returning|go|goes|going|went|sent|"
    r"send|admit|admitted|move|moved|moving|refer|referred|referral|headed|transport|"
    r"transported|transfers)[ \t]+to[ \t]+)(?:the[ \t]+)?$")
#: a department or facility word after the form: "X ED", "X records", "X RECOVERY"
_AFTER = re.compile(
    r"(?i)[ \t]+(?:ed|er|records|recovery|hospital|hosp|medical|manor|rehab|rehabilitation|"
    r"skilled|nursing|snf|ltach|ltac|hospice|infirmary|clinic|pharmacy|dialysis|imaging|"
    r"radiology|unit|center|centre|ctr|regional|memorial)\b")
_LOOK_BACK = 24


def _key(value: str) -> str:
    return " ".join(_WORD.findall(value.lower()))


def _carried(value: str, lex: Lexicon) -> bool:
    """Whether a short form may be carried to another note at all: it is no kind of care ("mail
    order"), no word of it is a generic word of places ("night shift", "day team"), and a form
    of one word is no function, common or clinical word, nor a city or a state."""
    words = _WORD.findall(value.lower())
    if not words or any(w in GENERIC_WORDS for w in words) or " ".join(words) in CARE_KINDS:
        return False
    if len(words) > 1:
        return True
    w = words[0]
    return not (w in FUNCTION_WORDS or w in lex.common_words or lex.is_medical(w)
                or w in lex.cities or w in lex.states)


def _cued(text: str, start: int, end: int) -> bool:
    return (_BEFORE.search(text, max(0, start - _LOOK_BACK), start) is not None
            or _AFTER.match(text, end) is not None)


def cued_forms(texts: Sequence[str], own: Sequence[list[tuple[str, str]]],
               lex: Lexicon) -> list[list[tuple[str, str]]]:
    """Per text, the (string, label) of the other texts' short forms (``own``: each text's
    own) that it shows with a facility cue at least once (module docstring)."""
    forms = {_key(v): (v, lab) for mine in own for v, lab in mine if _carried(v, lex)}
    if not forms:
        return [[] for _ in texts]
    recorder = PhiRecorder()
    for value, label in forms.values():
        recorder.add(value, label)
    out: list[list[tuple[str, str]]] = []
    for text, mine in zip(texts, own, strict=True):
        have = {_key(v) for v, _ in mine}
        cued = {k for a, b, _ in recorder.locate(text)
                if (k := _key(text[a:b])) not in have and k in forms and _cued(text, a, b)}
        out.append([forms[k] for k in sorted(cued)])
    return out
