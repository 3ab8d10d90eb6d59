"""Names told by the form of a note rather than by a cue word before them.

* A sign-out or census line: at a line's start (after "1." / "-" / "Bed 4:"), a surname or
  "Surname, First" and an age with a sex: "1. Okafor, Chidi 55F PNA", "Lopez, 64F s/p CABG";
  not "CHF, 72M" or "Admit, 64F"; in lower case after a bed number: "bed 12 - hollis, 58M".
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
from meddx.deid._name_words import RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["form_names", "word_compound"]

_W = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
# Each rule is found from a rare anchor (an age with a sex, "'s", a quote, "t:", "/", ",")
# and the words before it are read from there: scanning every word start cost 5 % of the
# de-identifier's time.
_AGE_SEX = re.compile(r"\d[ \t]?(?:y/?o|yo|y\.o\.|yrs?|[MFmf])(?![a-z])")
_CENSUS_HEAD = re.compile(
    rf"[ \t]*(?:(?:\d{{1,2}}[.)]|[-*#\u2022]|"
    rf"(?P<bed>(?i:bed|rm|room)[ \t]*\d+[A-Za-z]?[ \t]*[:.)-]?))[ \t]*)?"
    rf"(?P<name>{_W}(?:[ \t]*,[ \t]*{_W}(?:[ \t]+[A-Z]\.?)?)?)[ \t]*,?[ \t]+\d{{0,2}}")
_POSSESSIVE = re.compile(  # on the lower-cased text
    rf"['\u2019]s[ \t]+(?:{'|'.join(sorted(RELATIONS, key=len, reverse=True))})\b")
_WORD_END = re.compile(rf"(?<![\w'\u2019-])({_W})$")
_Q1, _Q2 = "[\"'\u201c\u2018]", "[\"'\u201d\u2019]"
_NICK_CUES = ("goes by", "go by", "prefer", "known as", "nickname", "aka", "a.k.a", "be called")
_NICKNAME = re.compile(
    r"\b(?:goes[ \t]+by|go[ \t]+by|prefers(?:[ \t]+to[ \t]+be[ \t]+called)?|likes[ \t]+to[ \t]+be"
    rf"[ \t]+called|known[ \t]+as|nicknamed?|a\.?k\.?a\.?)[ \t:]*{_Q1}"
    rf"([A-Z][A-Za-z'-]*[a-z](?:[ \t][A-Z][A-Za-z'-]*[a-z])?){_Q2}", re.IGNORECASE)
_QUOTED = re.compile(rf"[\"\u201c]({_W})[\"\u201d][ \t]+({_W})")
_FIRST_BEFORE = re.compile(rf"(?<![\w'-])({_W})[ \t]+$")
_BRACKET_NICK = re.compile(r"\([ \t]*[\"\u201c]([A-Z][a-z][A-Za-z'-]*)[\"\u201d][ \t]*\)")
_NAME_BEFORE = re.compile(r"(?:[A-Z][a-z]+|[JS]r)\.?[ \t]+$")
_TYPIST_DATE = re.compile(r"[ \t]*\d{1,2}/\d{1,2}/\d{2,4}(?:[ \t]+\d{1,2}:\d{2})?[ \t]*"
                          r"([a-z]{2,4}|[A-Z]{2,4})[ \t]*$", re.MULTILINE)
_SLASH_INITIALS = re.compile(r"/[ \t]*([a-z]{2,4}|[A-Z]{2,4})[ \t]*$", re.MULTILINE)
_CRED_SLASH = re.compile(r"(?i)(?<![\w.])(?:md|do|rn|np|pa|pa-c|m\.d\.)[ \t]*$")
_CAP = r"(?:[A-Z][a-z][A-Za-z'\u2019-]*|[A-Z]\.)"  # a capitalised word or an initial
_CONSULT_CUES = ("asking", "asked", "allowing", "inviting", "care of", "referral of")
_CONSULT = re.compile(
    r"\b(?:(?:asking|asked|allowing|inviting)[ \t]+(?:me|us)[ \t]+to[ \t]+(?:see|evaluate|assess|"
    r"participate[ \t]+in[ \t]+the[ \t]+care[ \t]+of)|in[ \t]+the[ \t]+care[ \t]+of|referral[ \t]+of)"
    rf"[ \t]+({_CAP}(?:[ \t]+{_CAP}){{0,2}})")
_COMMA_CRED = re.compile(  # on the lower-cased text
    r",[ \t]*(?:rn|rrt|np|md|lpn|cna|licsw|lcsw|msw|crna|pa-c|do|pharmd|slp)\b(?![/.]?\w)")
_INITIAL_LOWER = re.compile(r"(?<![\w.])([A-Z]\.?[ \t]+[a-z][a-z'-]+)[ \t]*$")


def word_compound(word: str, lex: Lexicon) -> bool:
    """``word`` is hyphened and every part is a common or clinical word: "Walk-in", "Follow-up",
    "Step-down" (a compound no dictionary lists whole), not "Amber-Lynn" or "Smith-Jones"."""
    k = word.lower()
    return "-" in k and all(p in lex.common_words or lex.is_medical(p) for p in k.split("-") if p)


def _namey(word: str, lex: Lexicon) -> bool:
    """A listed name or a word no dictionary knows, and no function, clinical or role word,
    nor a compound of common words ("Walk-in 45M" is a clinic's sign, no name)."""
    k = word.lower()
    if k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or lex.is_medical(word) or len(k) < 2 \
            or word_compound(word, lex):
        return False
    return k in lex.first_names or k in lex.last_names or k not in lex.common_words


def form_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text
    in lower case."""
    out: list[tuple[int, int]] = []
    lines = set()
    for a in _AGE_SEX.finditer(text):
        start = text.rfind("\n", 0, a.start()) + 1
        m = _CENSUS_HEAD.fullmatch(text, start, a.start() + 1)
        if m is None or start in lines:
            continue
        lines.add(start)
        # lower case only after a bed number: "bed 12 - hollis, 58M"
        if all((w[0].isupper() or m.group("bed")) and _namey(w, lex)
               for w in re.findall(_W, m.group("name"))):
            out.append(m.span("name"))
    if "'s" in low or "\u2019s" in low:
        for a in _POSSESSIVE.finditer(low):
            m = _WORD_END.search(text, max(0, a.start() - 40), a.start())
            if m and m.group(1)[0].isupper() and _namey(m.group(1), lex) \
                    and m.group(1).lower() not in lex.cities:
                out.append(m.span(1))
    if any(c in low for c in _NICK_CUES):
        out += [m.span(1) for m in _NICKNAME.finditer(text) if _namey(m.group(1).split()[0], lex)]
    if '"' in text or "\u201c" in text:
        for a in _QUOTED.finditer(text):
            m = _FIRST_BEFORE.search(text, max(0, a.start() - 40), a.start())
            if m is None:
                continue
            first = m.group(1).lower()
            if first in lex.first_names and first not in lex.common_words \
                    and _namey(a.group(1), lex) and _namey(a.group(2), lex):
                out += [m.span(1), a.span(1), a.span(2)]
        for a in _BRACKET_NICK.finditer(text):
            if _NAME_BEFORE.search(text, max(0, a.start() - 30), a.start()) \
                    and _namey(a.group(1), lex):
                out.append(a.span(1))
    if "/" in text:
        hits = [m for m in _SLASH_INITIALS.finditer(text)
                if _CRED_SLASH.search(text, max(0, m.start() - 12), m.start())]
        start = low.find("t:")
        while start >= 0:
            if start == 0 or not low[start - 1].isalnum():
                m = _TYPIST_DATE.match(text, start + 2)
                if m:
                    hits.append(m)
            start = low.find("t:", start + 2)
        for m in hits:
            k = m.group(1).lower()
            if k not in FUNCTION_WORDS and k not in lex.common_words and not lex.is_medical(k):
                out.append(m.span(1))
    if any(c in low for c in _CONSULT_CUES):
        for m in _CONSULT.finditer(text):
            words = m.group(1).split()
            if all(len(w) <= 2 or _namey(w, lex) for w in words) \
                    and not all(len(w) <= 2 for w in words):
                out.append(m.span(1))
    if "," in text:
        for a in _COMMA_CRED.finditer(low):
            m = _INITIAL_LOWER.search(text, max(0, a.start() - 40), a.start())
            if m and _namey(m.group(1).split()[-1], lex):
                out.append(m.span(1))
    return out
