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
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import JOB_WORDS as _JOB_WORDS
from meddx.deid._name_words import MODALS, NOT_AFTER_CUE, RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["role_names"]

#: Care-team abbreviations written in capitals before a colleague's name ("CM Oduya"); found
#: from the name's capital after a blank (a literal start), then the abbreviation before it.
_TEAM_KEYS = ("PT ", "OT ", "SLP ", "ST ", "RT ", "RN ", "NP ", "PA ", "CM ", "SW ", "RD ",
              "CRNA ", "LPN ", "CNA ", "PTA ", "COTA ", "OTR ", "MSW ", "LICSW ", "LCSW ")
_TEAM_NAME = re.compile(
    r"(?<![\w/-])(?:PT|OT|SLP|ST|RT|RRT|RN|NP|PA|CM|SW|RD|CRNA|LPN|CNA|PTA|COTA|OTR|MSW|LICSW|LCSW)"
    r" ([A-Z][a-z][A-Za-z'\u2019-]*)\b(?![/.-]\w)")
#: One word in brackets (a literal start); the role or the addendum is read before it.
_BRACKET_WORD = re.compile(r"\([ \t]*([A-Za-z][a-z'\u2019-]+\d{0,3})[ \t]*\)")
_ROLE_BEFORE = re.compile(
    r"(?<![\w-])(?i:pt|ot|rt|slp|rn|np|pa|cm|sw|rd|crna|rrt|pta|cota)"
    r"(?:[ \t/]+[A-Za-z'\u2019/]+){0,2}[ \t]*$")
_LOGIN_BEFORE = re.compile(
    r"(?i)(?:addendum|addended|entered|edited|signed|author)(?:[ \t]+(?:by|#?\d))?[ \t]*$")
#: "rn joss aware": found from the verb (on the lower-cased text), then the role and the word.
_STAFF_VERB = re.compile(
    r" (?:at (?:the )?(?:bs|bedside)|in to see|aware|notified|updated|called|paged)\b")
_STAFF_BEFORE = re.compile(r"(?<![\w/-])(?:rt|rrt|rn|np|sw|cm|ot|rd|crna|lpn|cna) ([a-z]{3,12})$")
# A title after a header in capitals; other titles are ``_names._title_at``'s and other header
# forms ``_name_cues.header_comma_name``'s and ``_name_context``'s (the ``_names`` docstring).
_HEADER_TITLE = re.compile(
    r":[ \t]*DR\.?[ \t]+([A-Z][A-Z'\u2019-]{2,})(?:[ \t]+([A-Z][A-Z'\u2019-]{2,}))?[ \t]*(?=$|,|;|\()",
    re.MULTILINE)
_HEADER_BEFORE = re.compile(
    r"(?:ATTENDING|RESIDENT|SURGEON|ASSISTANT|ANESTHESIOLOGIST|ANESTHESIA|PCP|PHYSICIAN|"
    r"PROVIDER|REFERRING|CONSULTANT|FELLOW|CARDIOLOGIST|ONCOLOGIST)[ \t]*$")
_REL_JOIN = re.compile(r"[=:][ \t]*([A-Za-z][a-z'\u2019-]{2,}|[A-Z][A-Z'\u2019-]{2,})\b")
_REL_BEFORE = re.compile(r"(?<![\w-])([A-Za-z-]+)[ \t]*$")
_INITIAL_SURNAME = re.compile(r"\.[ \t]?([A-Z][a-z][a-z'\u2019-]+)\b")
_INITIAL_CUE = re.compile(r"(?:^|[;(\n]|(?<![\w.])(?i:by|with|w/|per|and|to|from|cc:?|c/b))[ \t]*$")
#: "Chris P. RN": a first name and a trailing initial before a credential.
_TRAILING_INITIAL = re.compile(r"\.(?=,?[ \t]*(?:RN|LPN|CNA|RRT|NP|PA|MD|CRNA|RT|PT|OT)\b)")
_NAME_INITIAL_BEFORE = re.compile(r"(?<![\w'-])([A-Z][a-z]{2,})[ \t]+[A-Z]$")
#: "pt's bro paddy at bs": a possessive relation, a word, what only people do; found from the
#: verb on the lower-cased text.
_POSS_VERB = re.compile(r" (?:at (?:the )?(?:bs|bedside)|called|phoned|visited|in to (?:visit|see)|"
                        r"states|stated|said)\b")
_POSS_BEFORE = re.compile(r"(?:pt|patient|his|her)['\u2019]?s?[ \t]+([a-z-]+)[ \t]+"
                          r"([a-z][a-z'\u2019-]{2,})$")
_NOT_AFTER_REL = frozenset("also still again now then just today tonight yesterday finally "
                           "both all who happy angry sleepy teary weepy busy calm sad upset "
                           "present here there distraught tired frail sick well".split())
#: Endings of the words that say how a relative is ("tearful", "anxious", "supportive").
_STATE_ENDINGS = ("ful", "ous", "ive", "al", "ent", "ant", "ate", "ic", "ible", "able", "less",
                  "ly", "ing", "ed")
#: "Ferreira, Joao PA-C": found from the comma (a literal start), then the word before it.
_COMMA_CRED = re.compile(
    r",[ \t]*([A-Z][a-z][A-Za-z'\u2019-]*)[ \t]+"
    r"(?:MD|DO|PA-C|PA|NP|RN|CRNA|PharmD|RD|PT|OT|SLP|LCSW|LICSW|MSW|APRN|FNP|DPT)\b")
_CAP_BEFORE = re.compile(r"(?<![\w'-])([A-Z][a-z][A-Za-z'\u2019-]*)$")
#: Surnames of two letters that are also abbreviations ("Ng" nasogastric, "Ho", "Le").
_SHORTS = ("Ng", "Ho", "Le", "Ly", "Vu", "Wu", "Xu", "Yu", "Lu", "Li")
_SHORT = re.compile(r"(?<![\w'-])(Ng|Ho|Le|Ly|Vu|Wu|Xu|Yu|Lu|Li)\b(?![ \t]*(?:tube|feeds?|placement|"
                    r"output|\d|-))")
_SHORT_CUES = frozenset("per dr dr. w/ with cc cc: pt ot rt sw cm slp rn np pa md by to".split())
_SIGN_OFF = re.compile(
    r"(?im)(?:^|[ \t])(?:thanks|thank[ \t]+you|thx|ty|cheers|best|warmly|take[ \t]+care)"
    r"[ \t]*[,!.-]?[ \t]*\n?[ \t]*([A-Z][a-z][A-Za-z'\u2019-]+)[ \t]*$")
_SIGN_KEYS = ("thank", "thx", "cheers", "best,", "take care", "warmly", "\nty")
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


def _window(text: str, rx: re.Pattern, pos: int, width: int = 40) -> re.Match | None:
    """``rx`` (anchored with ``$``) on the ``width`` characters before ``pos``."""
    return rx.search(text[max(0, pos - width):pos])


def _brackets(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _BRACKET_WORD.finditer(text):
        w = m.group(1)
        if w[-1].isdigit() or (w.islower() and _window(text, _LOGIN_BEFORE, m.start())):
            if _window(text, _LOGIN_BEFORE, m.start()) and _unknown(w, lex) and len(w) >= 4:
                out.append(m.span(1))  # "ADDENDUM 2 (mbrook)"
        elif _window(text, _ROLE_BEFORE, m.start()) and (
                _listed(w, lex) or (w[0].isupper() and _unknown(w, lex))):
            out.append(m.span(1))  # "OT (bev)", "pt/ot eval'd (ginny)"
    return out


def _staff_and_relatives(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _STAFF_VERB.finditer(low):  # "rn joss aware", "RT KWABENA AT BEDSIDE"
        b = _window(low, _STAFF_BEFORE, m.start(), 20)
        if b is None:
            continue
        a = m.start() - len(b.group(1))
        w = text[a:m.start()]
        if (w.islower() or w.isupper()) and (_listed(w, lex) or (len(w) >= 4 and _unknown(w, lex))):
            out.append((a, m.start()))  # not "rt neb at bs", "rn pca aware" (nor "rt dev at bs")
    for m in _POSS_VERB.finditer(low):  # "pt's bro paddy at bs"
        b = _window(low, _POSS_BEFORE, m.start(), 48)
        if b is None or b.group(1) not in RELATIONS:
            continue
        a = m.start() - len(b.group(2))
        w, k = text[a:m.start()], b.group(2)
        if not _blocked(w, lex) and k not in _NOT_AFTER_REL and not lex.is_medical(w) \
                and (k in lex.first_names or not k.endswith(_STATE_ENDINGS)):
            out.append((a, m.start()))
    return out


def role_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text in
    lower case (the same length as ``text``; else only the case-sensitive rules run)."""
    out: list[tuple[int, int]] = []
    if not text.isupper() and any(k in text for k in _TEAM_KEYS):
        for m in heads_finditer(_TEAM_NAME, text):
            w = m.group(1)
            if _listed(w, lex) or _unknown(w, lex):
                out.append(m.span(1))
    if "(" in text:
        out += _brackets(text, lex)
    if len(low) == len(text):
        out += _staff_and_relatives(text, low, lex)
    if ":" in text and "DR" in text:
        for m in _HEADER_TITLE.finditer(text):
            if _window(text, _HEADER_BEFORE, m.start(), 24) is None:
                continue
            words = [i for i in (1, 2) if m.group(i)]
            if all(text[m.start(i):m.end(i)].lower() not in FUNCTION_WORDS
                   and text[m.start(i):m.end(i)].lower() not in NOT_AFTER_CUE for i in words):
                out += [m.span(i) for i in words]  # "ATTENDING: DR. MACINTOSH"
    if "=" in text or ":" in text:
        for m in _REL_JOIN.finditer(text):
            b = _window(text, _REL_BEFORE, m.start(), 24)
            if b is None or b.group(1).lower() not in RELATIONS:
                continue
            w = m.group(1)
            k = w.lower()
            if not _blocked(w, lex) and (k in lex.first_names or _unknown(w, lex)) \
                    and (k not in lex.common_words or k in lex.first_names):
                out.append(m.span(1))  # "wife=carmen", "son:Rafael"
    if "." in text:
        for m in _INITIAL_SURNAME.finditer(text):
            i = m.start()
            if i == 0 or not text[i - 1].isupper() or (i > 1 and (text[i - 2].isalnum()
                                                                  or text[i - 2] in "._")):
                continue
            w = m.group(1)
            k = w.lower()
            if k not in lex.last_names or _blocked(w, lex) or lex.is_medical(w) \
                    or re.search(r"M\.[ \t]?$", text[max(0, i - 4):i - 1]):
                continue  # "M. D. Anderson" is M.D. Anderson (a hospital's name)
            if k not in lex.common_words or (  # "T. Brown assisted", not "hep C. White count"
                    _INITIAL_CUE.search(text, max(0, i - 9), i - 1)
                    and not followed_by_head_noun(text, m.end(1))):
                out.append((i - 1, m.end(1)))  # "(c) K. Wong"
        for m in _TRAILING_INITIAL.finditer(text):
            b = _window(text, _NAME_INITIAL_BEFORE, m.start(), 30)
            if b is not None and b.group(1).lower() in lex.first_names and not _blocked(b.group(1), lex):
                out.append((m.start() - len(b.group()), m.end()))  # "Chris P. RN"
    if "," in text:
        for m in _COMMA_CRED.finditer(text):
            b = _window(text, _CAP_BEFORE, m.start(), 30)
            if b is None:
                continue
            a, given = b.group(1), m.group(1)
            if all(not _blocked(w, lex) and (_listed(w, lex) or _unknown(w, lex)) for w in (a, given)):
                out += [(m.start() - len(a), m.start()), m.span(1)]  # "Ferreira, Joao PA-C"
    if any(k in text for k in _SHORTS):
        for m in heads_finditer(_SHORT, text):
            if _word_before(text, m.start()) in _SHORT_CUES:
                out.append(m.span(1))  # "Per Ng, will readdress"
    if any(k in low for k in _SIGN_KEYS):
        for m in _SIGN_OFF.finditer(text):
            w = m.group(1)
            k = w.lower()
            if k in lex.first_names and (k in MODALS or not _blocked(w, lex)):
                out.append(m.span(1))  # "Thanks, Will" at a line's end is the writer
    return out
