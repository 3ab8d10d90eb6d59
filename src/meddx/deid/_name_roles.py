"""Names told by a care role, a title in a header or a sign-off (session 8, branch deidname4).

* **A care-team abbreviation in capitals, then a capitalised name**: "CM Oduya", "PT Ng
  (supervising)", "SLP Lindqvist": a listed surname or first name that is no common or
  clinical word, or a word no dictionary knows; not "PT Eval", "RT Knee", "OT Consult",
  "SW Following", "PT INR".
* **A care role, then one word in brackets**: "OT (bev)", "pt/ot eval'd (ginny)", "RT
  (Marisol)": a listed first name or surname that is no common or clinical word ("OT (eval)",
  "pt (afebrile)", "PT (bid)" are not), within a few words of the role.
* **A staff role, then a word, then what only people do**: "rn joss aware", "RT KWABENA AT
  BEDSIDE": a listed name that is no word or abbreviation, or a word of 4 letters or more no
  dictionary knows; not "rt leg at bs", "rn ok aware", "rt neb at bs", "rn pca aware" (so
  not "rt dev at bs" either: a 3-letter word no list knows reads like "neb").
* **A header's title in capitals, then a name that is also an eponym or a word**:
  "ATTENDING: DR. MACINTOSH", "SURGEON: DR FOLEY" (the header and the title make it a person).
* **A relation joined by "=" or ":"**: "wife=carmen", "DTR: MARISOL", "son:Rafael".
* **An initial, then a listed surname**: "(c) K. Wong placed art line", "seen w/ J. Ferreira":
  the surname no common or clinical word ("E. Coli", "C. Diff", "S. Aureus" are not).
* **"Surname, Given" before a credential**: "Ferreira, Joao PA-C", "Kowalczyk, Anna RN".
* **Short surnames that are also abbreviations, in mixed case after a title, a role or
  "per"**: "Per Ng, will readdress", "PT Ng", "cc: Ng, Anh" ("per NG", "via ng tube" are not).
* **A sign-off**: "thanks, Penny", "Thank you,\\nKendra" at a line's end (a listed first name,
  also a common word; not "Thanks, team").
* **A login in brackets after an addendum or an author cue**: "ADDENDUM 2 (mbrook):".

Every rule starts from a rare anchor (a role in capitals, "=", a bracket, a header colon, a
period after a capital, a sign-off word) and reads a few characters around it.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_cues import MODALS, NOT_AFTER_CUE, RELATIONS, ROLES
from meddx.deid._signatures import _JOB_WORDS
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["role_names"]

#: Care-team abbreviations written in capitals before a colleague's name.
_TEAM = r"PT|OT|SLP|ST|RT|RRT|RN|NP|PA|CM|SW|RD|CRNA|LPN|CNA|DPT|PTA|COTA|OTR|MSW|LICSW|LCSW"
_TEAM_NAME = re.compile(rf"(?<![\w/-])(?:{_TEAM})[ \t]+([A-Z][a-z][A-Za-z'\u2019-]*)\b(?![/.-]\w)")
_ROLE_BRACKET = re.compile(
    r"(?<![\w-])(?i:pt|ot|rt|slp|rn|np|pa|cm|sw|rd|crna|rrt|pta|cota)"
    r"(?:[ \t/]+[A-Za-z'\u2019/]+){0,2}[ \t]*\([ \t]*([A-Za-z][a-z'\u2019-]+)[ \t]*\)")
_STAFF_VERB = re.compile(
    r"(?i)(?<![\w/-])(?:rt|rrt|rn|np|sw|cm|ot|rd|crna|lpn|cna)[ \t]+([a-z]{3,12})[ \t]+"
    r"(?:at[ \t]+(?:the[ \t]+)?(?:bs|bedside)|in[ \t]+to[ \t]+see|aware|notified|updated|"
    r"called|paged)\b")
_HEADER_TITLE = re.compile(
    r"(?m)(?:^|[ \t])(?:ATTENDING|RESIDENT|SURGEON|ASSISTANT|ANESTHESIOLOGIST|ANESTHESIA|PCP|"
    r"PHYSICIAN|PROVIDER|REFERRING|CONSULTANT|FELLOW|CARDIOLOGIST|ONCOLOGIST)[ \t]*:[ \t]*"
    r"DR\.?[ \t]+([A-Z][A-Z'\u2019-]{2,})(?:[ \t]+([A-Z][A-Z'\u2019-]{2,}))?[ \t]*(?=$|,|;|\()")
_REL_JOIN = re.compile(r"([A-Za-z-]+)[ \t]*[=:][ \t]*([A-Za-z][a-z'\u2019-]{2,}|[A-Z][A-Z'\u2019-]{2,})\b")
_INITIAL_SURNAME = re.compile(r"(?<![\w.])[A-Z]\.[ \t]?([A-Z][a-z][a-z'\u2019-]+)\b")
_INITIAL_CUE = re.compile(r"(?:^|[;(\n]|(?<![\w.])(?i:by|with|w/|per|and|to|from|cc:?|c/b))[ \t]*$")
#: "Chris P. RN": a first name and a trailing initial before a credential.
_TRAILING_INITIAL = re.compile(
    r"(?<![\w'-])([A-Z][a-z]{2,})[ \t]+[A-Z]\.(?=,?[ \t]*(?:RN|LPN|CNA|RRT|NP|PA|MD|CRNA|RT|PT|OT)\b)")
#: "pt's bro paddy at bs": a possessive relation, a word, what only people do.
_POSS_REL = re.compile(
    r"(?i)(?:pt|patient|his|her)['\u2019]?s?[ \t]+([a-z-]+)[ \t]+([a-z][a-z'\u2019-]{2,})[ \t]+"
    r"(?:at[ \t]+(?:the[ \t]+)?(?:bs|bedside)|called|phoned|visited|in[ \t]+to[ \t]+(?:visit|see)|"
    r"states|stated|said)\b")
_NOT_AFTER_REL = frozenset("also still again now then just today tonight yesterday finally "
                           "both all who happy angry sleepy teary weepy busy calm sad upset "
                           "present here there distraught tired frail sick well".split())
#: Endings of the words that say how a relative is ("tearful", "anxious", "supportive").
_STATE_ENDINGS = ("ful", "ous", "ive", "al", "ent", "ant", "ate", "ic", "ible", "able", "less",
                  "ly", "ing", "ed")
_COMMA_CRED = re.compile(
    r"(?<![\w'-])([A-Z][a-z][A-Za-z'\u2019-]*),[ \t]*([A-Z][a-z][A-Za-z'\u2019-]*)[ \t]+"
    r"(?:MD|DO|PA-C|PA|NP|RN|CRNA|PharmD|RD|PT|OT|SLP|LCSW|LICSW|MSW|APRN|FNP|DPT)\b")
#: Surnames of two letters that are also abbreviations ("Ng" nasogastric, "Ho", "Le").
_SHORT = re.compile(r"(?<![\w'-])(Ng|Ho|Le|Ly|Vu|Wu|Xu|Yu|Lu|Li)\b(?![ \t]*(?:tube|feeds?|placement|"
                    r"output|\d|-))")
_SHORT_CUES = frozenset("per dr dr. w/ with cc cc: pt ot rt sw cm slp rn np pa md by to".split())
_SIGN_OFF = re.compile(
    r"(?im)(?:^|[ \t])(?:thanks|thank[ \t]+you|thx|ty|cheers|best|warmly|take[ \t]+care)"
    r"[ \t]*[,!.-]?[ \t]*\n?[ \t]*([A-Z][a-z][A-Za-z'\u2019-]+)[ \t]*$")
_LOGIN = re.compile(r"(?i)(?:addendum|addended|entered|edited|signed|author)(?:[ \t]+(?:by|#?\d))?"
                    r"[ \t]*\(([a-z]{4,12}\d{0,3})\)")
_NOT_PERSON = frozenset(
    "patient pt family team staff doc doctor nurse nursing all everyone everybody you team's "
    "dr mr mrs ms".split())


def _blocked(word: str, lex: Lexicon) -> bool:
    """A function, relation, role, job or clinical word: never a name here."""
    k = word.lower()
    return (len(k) < 2 or k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or k in MODALS
            or k in NOT_AFTER_CUE or k in _JOB_WORDS or k in _NOT_PERSON
            or lex.is_medical(word, abbreviations=False))


def _listed(word: str, lex: Lexicon) -> bool:
    """A listed first name or surname that is no common word and no clinical word."""
    k = word.lower()
    return (k in lex.first_names or k in lex.last_names) and k not in lex.common_words \
        and not _blocked(word, lex) and not lex.is_medical(word)


def _unknown(word: str, lex: Lexicon) -> bool:
    """A word no dictionary knows (not a common, clinical or inflected word)."""
    k = word.lower()
    return k not in lex.common_words and not _blocked(word, lex) and not lex.is_medical(word) \
        and not k.endswith(("ing", "ed", "ly")) and len(k) >= 3


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z.:]+)[ \t]*$", text[max(0, pos - 12):pos])
    return m.group(1).lower() if m else ""


def role_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text in
    lower case."""
    out: list[tuple[int, int]] = []
    if not text.isupper():
        for m in _TEAM_NAME.finditer(text):
            w = m.group(1)
            if _listed(w, lex) or _unknown(w, lex):
                out.append(m.span(1))
    if "(" in text:
        for m in _ROLE_BRACKET.finditer(text):
            w = m.group(1)
            if _listed(w, lex) or (w[0].isupper() and _unknown(w, lex)):
                out.append(m.span(1))
        for m in _LOGIN.finditer(text):
            if _unknown(m.group(1), lex):
                out.append(m.span(1))
    for m in _STAFF_VERB.finditer(text):
        w = m.group(1)
        k = w.lower()
        if (w.islower() or w.isupper()) and (_listed(w, lex) or (len(k) >= 4 and _unknown(w, lex))):
            out.append(m.span(1))  # not "rt neb at bs", "rn pca aware" (nor "rt dev at bs")
    if "DR" in text:
        for m in _HEADER_TITLE.finditer(text):
            words = [i for i in (1, 2) if m.group(i)]
            if all(text[m.start(i):m.end(i)].lower() not in FUNCTION_WORDS
                   and text[m.start(i):m.end(i)].lower() not in NOT_AFTER_CUE for i in words):
                out += [m.span(i) for i in words]
    if "=" in text or ":" in text:
        for m in _REL_JOIN.finditer(text):
            if m.group(1).lower() not in RELATIONS:
                continue
            w = m.group(2)
            k = w.lower()
            if not _blocked(w, lex) and (k in lex.first_names or _unknown(w, lex)) \
                    and (k not in lex.common_words or k in lex.first_names):
                out.append(m.span(2))
    if ". " in text or "." in text:
        for m in _INITIAL_SURNAME.finditer(text):
            w = m.group(1)
            k = w.lower()
            if k not in lex.last_names or _blocked(w, lex) or lex.is_medical(w) \
                    or re.search(r"M\.[ \t]?$", text[max(0, m.start() - 3):m.start()]):
                continue  # "M. D. Anderson" is M.D. Anderson (a hospital's name)
            if k not in lex.common_words or (  # "T. Brown assisted", not "hep C. White count"
                    _INITIAL_CUE.search(text, max(0, m.start() - 8), m.start())
                    and not followed_by_head_noun(text, m.end(1))):
                out.append((m.start(), m.end(1)))
    if "," in text:
        for m in _COMMA_CRED.finditer(text):
            a, b = m.group(1), m.group(2)
            if all(not _blocked(w, lex) and (_listed(w, lex) or _unknown(w, lex)) for w in (a, b)):
                out += [m.span(1), m.span(2)]
    if "." in text:
        for m in _TRAILING_INITIAL.finditer(text):
            w = m.group(1)
            if w.lower() in lex.first_names and not _blocked(w, lex):
                out.append(m.span())
    if "'" in text or "\u2019" in text or "his " in low or "her " in low:
        for m in _POSS_REL.finditer(text):
            w = m.group(2)
            k = w.lower()
            if m.group(1).lower() in RELATIONS and not _blocked(w, lex) and k not in _NOT_AFTER_REL \
                    and not lex.is_medical(w) and (k in lex.first_names or not k.endswith(_STATE_ENDINGS)):
                out.append(m.span(2))
    for m in _SHORT.finditer(text):
        if _word_before(text, m.start()) in _SHORT_CUES:
            out.append(m.span(1))
    if "thank" in low or "thx" in low or "cheers" in low or "best" in low or "care" in low \
            or "warmly" in low or "ty" in low:
        for m in _SIGN_OFF.finditer(text):
            w = m.group(1)
            k = w.lower()
            if k in lex.first_names and (k in MODALS or not _blocked(w, lex)):
                out.append(m.span(1))  # "Thanks, Will" at a line's end is the writer
    return out
