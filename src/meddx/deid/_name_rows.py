"""Names told by a credential after a comma, by a board's row, or by a therapist's sign-off
(session 15, deidname15), in any letter case.

* Lower-case words before ", <credential>": "attending: marco pestle, md", "phoned by: rosalind
  spindle, rn", "d. pham, rrt", "see mar. qwx, rn.". The capitalised forms are read by
  the names detector's credential rule; in lower case a common word is a surname only after a
  listed first name or an initial ("rosalind spindle"), alone it needs to be a listed surname or
  a word no dictionary knows ("tembo"), and initials need to be no word ("qwx"); never a unit,
  a role or a clinical word ("icu, rn", "charge, rn", "ct, md").
* A board's row: a room, a bed or a row number, a column gap or a bar, then "Surname, I" and
  another gap or bar: "ROOM 7  TEMBO, K      CHF", "612 | Adebayo-Ruiz, L | UTI". The comma and a
  lone initial after a row's number are a census's name even where the surname is an English
  word ("GRAY, M"); not a clinical, function or staff word.
* A therapist's sign-off: a dash at a line's start or after a sentence, a name, and ", PT" /
  ", OT" / ", OTR/L" / ", SLP" at the line's end: "—K. Brannigan-Osei, PT", "-- tomek w, pt"
  ("PT" after a comma at a line's end is the credential, not the patient).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import CREDENTIALS, MODALS, NOT_AFTER_CUE, NOT_STAFF_WORDS, TITLES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["row_names"]

_NOT_NAME = FUNCTION_WORDS | NOT_STAFF_WORDS | TITLES | NOT_AFTER_CUE | MODALS
_INFLECTED = ("ing", "ed", "ly", "tion", "ment", "ness", "able", "ful", "less")
# On the lower-cased text: ", md" (not ", md/do", ", md.com"); the words before it are read back.
_CRED_AFTER_COMMA = re.compile(
    rf",[ \t]*(?:{'|'.join(sorted(CREDENTIALS | {'pa-c'}, key=lambda w: (-len(w), w)))})"
    r"(?![\w/-]|\.\w)")
_LOWER_WORD = re.compile(r"(?<![\w.'\u2019/-])([a-z][a-z'\u2019-]*[a-z]|[a-z]\.)[ \t]*\Z")
_INITIAL_BEFORE = re.compile(r"(?<![\w.'\u2019/-])[a-z]\.[ \t]*\Z")
_BOARD_ROW = re.compile(
    r"^[ \t]*(?:(?i:rm|room|bed|hall|bay|hallway)[ \t]*\d{0,4}[A-Za-z]?|\d{1,4}[A-Za-z]?)"
    r"(?:[ \t]{2,}|[ \t]*\|[ \t]*)"
    r"(?P<name>[A-Za-z][A-Za-z'\u2019-]*[A-Za-z](?:[ \t][A-Za-z][A-Za-z'\u2019-]*[A-Za-z])?"
    r"[ \t]*,[ \t]*[A-Za-z])\.?(?=[ \t]{2,}|[ \t]*\||[ \t]*$)", re.MULTILINE)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)[ \t]*(?:--?|\u2014|\u2013)[ \t]*"
    r"(?P<name>(?:[A-Za-z]\.[ \t]*)?[A-Za-z][A-Za-z'\u2019-]*[A-Za-z](?:[ \t]+[A-Za-z][A-Za-z'\u2019-]*"
    r"[A-Za-z]|[ \t]+[A-Za-z]\.?)?)"
    r"[ \t]*,[ \t]*(?i:pt|dpt|ot|otr/l|otr|slp|cota|pta)\.?[ \t]*$", re.MULTILINE)


def _word(k: str, lex: Lexicon) -> str:
    """What a lower-case word before a credential may be: "initial" ("a."), "first" (a listed
    first name and no English word), "listed" (another listed name and no English word),
    "unknown" (no dictionary's word), "initials" (2-3 letters no English word, "qwx"),
    "common" (an English word), or "" (never part of a name: a function, role, unit,
    credential or clinical word, a town, or an inflected word)."""
    if len(k) == 2 and k.endswith("."):
        return "initial"
    if k in _NOT_NAME or lex.is_medical(k, abbreviations=False) or k in lex.cities \
            or k.endswith(_INFLECTED):
        return ""
    if k in lex.common_words:
        return "common"
    if k in lex.first_names:
        return "first"
    if k in lex.last_names:
        return "listed"
    if lex.is_medical(k):
        return "initials" if 2 <= len(k) <= 3 else ""
    return "unknown"


_ALONE = ("first", "listed", "unknown", "initials")  # a name of one word
_OPENS = ("first", "listed", "unknown", "initial")  # a word before a surname


def _clinical_surname(text: str, m: re.Match, lex: Lexicon) -> bool:
    """The word ``m`` matched before ", <credential>" is a listed surname that is also a
    clinical word, right after an initial ("l. pugh, rn": Child-Pugh; session 18)."""
    k = m.group(1)
    return (k in lex.last_names and k not in _NOT_NAME and not k.endswith(_INFLECTED)
            and _INITIAL_BEFORE.search(text, max(0, m.start(1) - 4), m.start(1)) is not None)


def _before_comma_credential(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for c in _CRED_AFTER_COMMA.finditer(low):
        words: list[tuple[int, int, str]] = []
        end = c.start()
        while len(words) < 3:
            m = _LOWER_WORD.search(text, max(0, end - 30), end)
            if m is None:
                break
            kind = _word(m.group(1), lex)
            if not kind and not words and _clinical_surname(text, m, lex):
                kind = "common"  # "l. pugh, rn": after an initial, as a common word is
            if not kind:
                break
            words.insert(0, (m.start(1), m.end(1), kind))
            end = m.start(1)
        kinds = [k for _, _, k in words]
        if not kinds or all(k == "initial" for k in kinds) or len(kinds) > 1 and kinds[0] not in _OPENS:
            continue  # a common word opens no name: "seen, rosalind spindle" is left to the others
        fourth = _LOWER_WORD.search(text, max(0, end - 30), end) if len(kinds) == 3 else None
        if fourth and _word(fourth.group(1), lex):
            continue  # a fourth word: where the name starts is not told
        if len(kinds) == 1:
            ok = kinds[0] in _ALONE
        else:  # "rosalind spindle", "d. spindle": a common surname only after a first name or initial
            ok = all(k in _OPENS for k in kinds[:-1]) and (
                kinds[-1] in _ALONE and kinds[-1] != "initials"
                or kinds[-1] == "common" and kinds[-2] in ("first", "initial"))
        if ok:
            out.append((words[0][0], words[-1][1]))
    return out


def _board_rows(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _BOARD_ROW.finditer(text):
        surname = m.group("name").split(",")[0].strip().lower()
        if any(w in _NOT_NAME or lex.is_medical(w, abbreviations=False) for w in surname.split()):
            continue
        out.append(m.span("name"))
    return out


def _sign_offs(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _SIGN_OFF.finditer(text):
        kinds = [_word(w.lower(), lex) if len(w.strip(".")) > 1 else "initial"
                 for w in m.group("name").split()]
        if "" in kinds or not any(k in ("first", "listed", "unknown") for k in kinds):
            continue  # "- tolerated well, PT": a name holds no inflected word, and no English only
        out.append(m.span("name"))
    return out


def row_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names of the module docstring; ``low`` is the text in lower case."""
    out = _before_comma_credential(text, low, lex) if "," in text else []
    if "," in text:
        out += _board_rows(text, lex)
        out += _sign_offs(text, lex)
    return out
