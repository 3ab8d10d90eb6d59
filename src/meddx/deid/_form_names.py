"""Names told by the form of a note rather than by a cue word before them.

* A sign-out or census line: at a line's start (after "1." / "-" / "Bed 4:"), a surname or
  "Surname, First" and an age with a sex: "1. Okafor, Chidi 55F PNA", "Lopez, 64F s/p CABG";
  not "CHF, 72M" or "Admit, 64F".
* A possessive before a relation: "Maria's daughter called" (a listed name or a word no
  dictionary knows; not "Parkinson's", "Today's", "Mom's sister").
* A nickname in quotes: 'goes by "Sonny"', "prefers to be called 'Bea'", 'aka "Red"'; between
  a first name and a surname, in any case: 'nephew robert "bobby" lacasse'; in brackets after
  a capitalised word: 'son Harold Jr. ("Hal")' (not 'an earlier ("Barts") phantom').
* Typists' and writers' initials at a dictated note's end: "T: 03/15/2019 08:10 jmk",
  "priyanka ramaswamy-cole md / prc".
* A consult letter's patient: "Thank you for asking me to see Agnieszka Wolny", "for allowing
  us to participate in the care of Ruth Abara"; not "... to see the patient".
* An initial and a lower-case surname before a credential: "A. tran, RRT".
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_cues import RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["form_names"]

_W = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
_CENSUS = re.compile(
    rf"(?m)^[ \t]*(?:(?:\d{{1,2}}[.)]|[-*#\u2022]|(?:bed|rm|room)[ \t]*\d+[A-Za-z]?[:.)-]?)[ \t]*)?"
    rf"({_W}(?:[ \t]*,[ \t]*{_W}(?:[ \t]+[A-Z]\.?)?)?)[ \t]*,?[ \t]+"
    rf"\d{{1,3}}[ \t]?(?:y/?o|yo|y\.o\.|yrs?|[MFmf])(?![a-z])")
_POSSESSIVE = re.compile(
    rf"(?<![\w'-])({_W})['\u2019]s[ \t]+(?:{'|'.join(sorted(RELATIONS, key=len, reverse=True))})\b",
    re.IGNORECASE)
_Q1, _Q2 = "[\"'\u201c\u2018]", "[\"'\u201d\u2019]"
_NICKNAME = re.compile(
    r"\b(?:goes[ \t]+by|go[ \t]+by|prefers(?:[ \t]+to[ \t]+be[ \t]+called)?|likes[ \t]+to[ \t]+be"
    rf"[ \t]+called|known[ \t]+as|nicknamed?|a\.?k\.?a\.?)[ \t:]*{_Q1}"
    rf"([A-Z][A-Za-z'-]*[a-z](?:[ \t][A-Z][A-Za-z'-]*[a-z])?){_Q2}", re.IGNORECASE)
_QUOTED_MIDDLE = re.compile(rf"(?<![\w'-])({_W})[ \t]+[\"\u201c]({_W})[\"\u201d][ \t]+({_W})")
_BRACKET_NICK = re.compile(
    r"(?:[A-Z][a-z]+|[JS]r)\.?[ \t]+\([ \t]*[\"\u201c]([A-Z][a-z][A-Za-z'-]*)[\"\u201d][ \t]*\)")
_TYPIST = re.compile(
    r"(?m)(?:\bT:[ \t]*\d{1,2}/\d{1,2}/\d{2,4}(?:[ \t]+\d{1,2}:\d{2})?|"
    r"\b(?:md|do|rn|np|pa|pa-c|m\.d\.)[ \t]*/)[ \t]*([a-z]{2,4}|[A-Z]{2,4})[ \t]*$",
    re.IGNORECASE)
_CAP = r"(?:[A-Z][a-z][A-Za-z'\u2019-]*|[A-Z]\.)"  # a capitalised word or an initial
_CONSULT = re.compile(
    r"\b(?:(?:asking|asked|allowing|inviting)[ \t]+(?:me|us)[ \t]+to[ \t]+(?:see|evaluate|assess|"
    r"participate[ \t]+in[ \t]+the[ \t]+care[ \t]+of)|in[ \t]+the[ \t]+care[ \t]+of|referral[ \t]+of)"
    rf"[ \t]+({_CAP}(?:[ \t]+{_CAP}){{0,2}})")
_INITIAL_LOWER = re.compile(
    r"(?<![\w.])([A-Z]\.?[ \t]+[a-z][a-z'-]+)[ \t]*,[ \t]*"
    r"(?:rn|rrt|np|md|lpn|cna|licsw|lcsw|msw|crna|pa-c|do|pharmd|slp)\b(?![/.]?\w)", re.IGNORECASE)


def _namey(word: str, lex: Lexicon) -> bool:
    """A listed name or a word no dictionary knows, and no function, clinical or role word."""
    k = word.lower()
    if k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or lex.is_medical(word) or len(k) < 2:
        return False
    return k in lex.first_names or k in lex.last_names or k not in lex.common_words


def form_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text
    in lower case."""
    out: list[tuple[int, int]] = []
    for m in _CENSUS.finditer(text):
        words = re.findall(_W, m.group(1))
        if all(w[0].isupper() and _namey(w, lex) for w in words):
            out.append(m.span(1))
    if "'s" in low or "\u2019s" in low:
        for m in _POSSESSIVE.finditer(text):
            word = m.group(1)
            if word[0].isupper() and _namey(word, lex) and word.lower() not in lex.cities:
                out.append(m.span(1))
    if '"' in text or "'" in text or "\u201c" in text or "\u2018" in text:
        out += [m.span(1) for m in _NICKNAME.finditer(text) if _namey(m.group(1).split()[0], lex)]
        for m in _QUOTED_MIDDLE.finditer(text):
            first, last = m.group(1).lower(), m.group(3)
            if first in lex.first_names and first not in lex.common_words \
                    and _namey(m.group(2), lex) and _namey(last, lex):
                out += [m.span(1), m.span(2), m.span(3)]
        out += [m.span(1) for m in _BRACKET_NICK.finditer(text) if _namey(m.group(1), lex)]
    if "t:" in low or "/" in text:
        for m in _TYPIST.finditer(text):
            k = m.group(1).lower()
            if k not in FUNCTION_WORDS and k not in lex.common_words and not lex.is_medical(k):
                out.append(m.span(1))
    if "see" in low or "care of" in low or "referral" in low or "evaluate" in low:
        for m in _CONSULT.finditer(text):
            words = m.group(1).split()
            if all(len(w) <= 2 or _namey(w, lex) for w in words) \
                    and not all(len(w) <= 2 for w in words):
                out.append(m.span(1))
    if "," in text:
        for m in _INITIAL_LOWER.finditer(text):
            if _namey(m.group(1).split()[-1], lex):
                out.append(m.span(1))
    return out
