"""Names told by their role in the sentence, in any case, that the list-and-cue rules miss.

* Plural titles with coordination: "DRS wren and Castellanos", "drs kettle and sandoval":
  "drs", then two or three words joined by "and" / "&" / ",": each is a name unless it is
  a function, clinical or inflected word.
* A word right before a nursing or therapy credential, after "and" / "by" / "to" / "with"
  / "per" or at a sentence's start, even a common word: "seen by dr tran and hope rrt",
  "CHIP CNA AWARE", "kwame rrt at bedside"; not "charge rn", "night RN", "called rn".
* A word before a role after a hand-off verb: "report given to odalys pt", "called to
  percival PA", "results called to agnieszka PT".
* A capitalised word, a staff credential and a staff verb at a sentence's or clause's start:
  "HOPE PA AWARE", "MAEVE SW FOLLOWING", "Mike SW aware", "hope pa aware" (a listed first
  name or a word no dictionary knows; not "Renal NP aware", "Team SW following", "ICU RN
  aware", "pod rn aware"), or initials
  in one case: "EK rn at bedside", "dm pca aware", "LR LICSW following", and after "by" /
  "and" ... "Ordered by LR LICSW" (not units, teams, lines or tubes: "PD RN changed", "IV RN
  here", "HD RN aware", "NG RN placed", "EP NP aware").
* A letter's sign-off and the writer's name: "Best regards,\nLorenzo Bassi, MD", "/s/ Ngozi
  Adeyemi" (capitalised words, none a clinical or job word: not "Sincerely,\nThe ICU Team").
* A signature dash at the end of a line: "Agree with above. -Oduya".
* A name in brackets after "by" and a service, or before a credential or unit in brackets:
  "placed by IR (Ashgrove)", "by Tamsin (WOCN)".

Names told by an apposition, a group word, a person's verb, writers' initials and more are
``_name_context``'s, the forms of a note (census lines, possessives, nicknames, typists'
initials, consult letters) ``_form_names``'s and care roles ``_name_roles``'s; each family
is called from ``NameDetector.detect``.
"""

from __future__ import annotations

import re

from meddx.deid._form_names import _W
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import JOB_WORDS as _JOB_WORDS
from meddx.deid._name_words import TEAM_ABBREVS
from meddx.deid._name_words import UNIT_WORDS as _SIGNATURE_NOT_NAMES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["cued_name_spans"]

_DRS = re.compile(rf"(?i)\bdrs\.?[ \t]+({_W})((?:[ \t]*,[ \t]*{_W}){{0,2}})[ \t]*(?:,[ \t]*)?"
                  rf"(?:and|&)[ \t]+({_W})")
_STRONG_CRED = (r"rn|r\.n|rrt|cna|pca|lpn|licsw|lcsw|msw|np|crna|wocn|slp|aprn|rt|emt|cnm|"
                r"lmsw|ccrn")
_HANDOFF = (
    rf"\b(?:given|giving|gave|called|reported|handed|passed|endorsed|signed\s+out|"
    rf"handoff|hand-off|d/w|discussed\s+with)[ \t]+to[ \t]+({_W})[ \t]+"
    rf"(?:pt|sw|np|pa|pa-c|rn|md|rt|rrt|ot|slp|do)\b(?![/.]?\w)")
_HANDOFF_WITH = (  # "discussed with" has no "to"
    rf"\b(?:d/w|discussed\s+with|spoke\s+with)[ \t]+({_W})[ \t]+"
    rf"(?:pt|sw|np|pa|pa-c|rn|md|rt|rrt|ot|slp)\b(?![/.]?\w)")
_BRACKET_CRED = (
    rf"(?<![\w'-])({_W})[ \t]+\((?:wocn|rn|np|pa|rrt|crna|cna|lpn|md|fellow|resident|intern|"
    rf"attending|pgy-?\d)\)")
#: What a "bracket" match holds: "(" and the start of a credential (a cheap test on ASCII notes).
_BRACKET_HEADS = tuple("(" + w for w in "wocn rn np pa rrt crna cna lpn md fellow resident intern "
                                         "attending pgy".split())
# Each case-insensitive pattern twice: for ASCII notes, the case-sensitive form on the
# lower-cased text (several times faster; the same spans), else the (?i) form on the text.
# Both start at the start of a run of blanks only: linear on a long run of them.
_CRED_HIT = rf"(?<![ \t])[ \t]+(?:{_STRONG_CRED})\b(?![/.-]?\w)"
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'\u2019-")
_DASH_SIGN = re.compile(rf"(?m)(?:^|[.!?][ \t]+)[-\u2013\u2014]{{1,2}}[ \t]?({_W}(?:[ \t]{_W})?)[ \t]*$")
_BY_BRACKET = re.compile(rf"\bby[ \t]+(?:[A-Za-z]{{2,8}}[ \t]+)?\(({_W})\)")
#: Words before a credential that name a unit, shift or role, not a person.
_NOT_NAMES = _SIGNATURE_NOT_NAMES | frozenset(
    "pool weekend assigned accepting prior previous next second first same other another "
    "registered licensed certified senior junior lead head nurse nursing case care vascular "
    "access rapid response code sepsis stroke behavioral mental hospice palliative pain ortho "
    "heart lung transplant burn clinic office outside house call inpatient outpatient amb "
    "pulm resp respiratory wocn rn rrt np pa md sw pt ot".split())
# A letter's sign-off, then the writer's name at a line's end or before a credential:
# "Best regards,\nLorenzo Bassi, MD", "Kind regards, Halima Osei", "/s/ Ngozi Adeyemi".
_SIGN_OFF = re.compile(
    rf"(?:\b(?:(?:kind|best|warm|warmest|with)[ \t]+regards|regards|sincerely|respectfully|"
    rf"yours[ \t]+truly|cordially)[ \t]*,?[ \t]*\n?|(?<!\S)/s/)[ \t]*"
    rf"((?:[A-Z]\.[ \t]*)?{_W}(?:[ \t]+(?:[A-Z]\.?[ \t]+)?{_W}){{0,2}})"
    rf"[ \t]*(?=$|,|[ \t]+(?:md|do|rn|np|pa|phd)\b)",
    re.IGNORECASE | re.MULTILINE)
_NOT_INITIALS = frozenset("ok up on go hi oh ie eg etc yes".split())

def _abbrev_initials(word: str, lex: Lexicon) -> bool:
    """A clinical abbreviation of 2-3 letters in one case that may be a person's initials
    before a credential ("dm", "LR"), not a team, unit, line or common word."""
    k = word.lower()
    return (2 <= len(k) <= 3 and (word.isupper() or word.islower()) and k in lex.medical
            and k not in TEAM_ABBREVS and k not in _NOT_NAMES and k not in _JOB_WORDS
            and k not in FUNCTION_WORDS and k not in lex.common_words and k not in _NOT_INITIALS)
#: nouns of a hospital's units, which a staff credential may follow in lower case ("pod rn
#: aware"); "Ward RN aware" (a capital) stays a name
_UNIT_NOUNS = frozenset(("ward", "bay", "pod", "wing", "hall"))
_LEAD_OK = frozenset(("and", "by", "to", "with", "per", "from", "&"))
# A word, a staff credential and what staff do, at a sentence's or a clause's start:
# "HOPE PA AWARE", "MAEVE SW FOLLOWING", "to rm 14, Mike SW aware".
_STAFF_VERB = (  # found from the credential on; the word before it is read by _word_before
    r"(?<![ \t])[ \t]+(?:rn|np|pa|pa-c|sw|msw|licsw|lcsw|rrt|rt|cna|pca|lpn|pt|ot|slp|md|crna)[ \t]+"
    r"(?:aware|following|notified|updated|paged|here|at[ \t]+bedside|in[ \t]+to[ \t]+see|"
    r"to[ \t]+see|came|saw|rounded|called|will[ \t]+follow|changed|drew|placed|assisted|"
    r"removed|pulled|hung)\b")

_RULES = (("handoff", _HANDOFF), ("with", _HANDOFF_WITH), ("bracket", _BRACKET_CRED),
          ("cred", _CRED_HIT), ("staff", _STAFF_VERB))
_LOWER = {name: re.compile(rx.replace("A-Za-z", "a-z")) for name, rx in _RULES}
_ANY_CASE = {name: re.compile(rx, re.IGNORECASE) for name, rx in _RULES}


def _plain(word: str, lex: Lexicon) -> bool:
    """A function, clinical or inflected word, or a unit or role word."""
    k = word.lower()
    if k in FUNCTION_WORDS or k in _NOT_NAMES or lex.is_medical(k):
        return True
    if k in lex.common_words and k not in lex.first_names and k not in lex.last_names:
        return k.endswith(("ing", "ed", "ly", "tion", "ment", "ness"))
    return False


def _person(word: str, lex: Lexicon) -> bool:
    """A listed name, or a word no dictionary knows."""
    k = word.lower()
    if _plain(word, lex) or len(k) < 2:
        return False
    return k in lex.first_names or k in lex.last_names or k not in lex.common_words


def _lead(text: str, start: int) -> str:
    """The word (or sentence mark) before ``start``."""
    before = text[max(0, start - 20):start].rstrip(" \t")
    if not before or before[-1] in ".;:\n!?(":
        return "."
    m = re.search(r"([\w&]+)$", before)
    return m.group(1).lower() if m else ""


def _word_before(text: str, end: int) -> tuple[int, int] | None:
    """The ASCII word (letters, apostrophes, hyphens; a letter at each end) that ends at
    ``end``, when no word character, "/", "." or "-" stands before it."""
    start = end
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    if end - start < 2 or not text[start].isascii() or not text[start].isalpha() \
            or not text[end - 1].isascii() or not text[end - 1].isalpha():
        return None
    before = text[start - 1] if start else " "
    if before.isalnum() or before in "_/.":
        return None
    return start, end


def cued_name_spans(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text in
    lower case."""
    out: list[tuple[int, int]] = []
    if "drs" in low:
        for m in _DRS.finditer(text):
            words = [(m.start(1), m.end(1))]
            words += [(m.start(2) + x.start(), m.start(2) + x.end())
                      for x in re.finditer(_W, m.group(2))]
            words.append((m.start(3), m.end(3)))
            names = [text[a:b] for a, b in words]
            if all(not _plain(x, lex) for x in names) and any(_person(x, lex) for x in names):
                out += words
    rx = _LOWER if text.isascii() else _ANY_CASE
    src = low if text.isascii() else text
    for h in rx["cred"].finditer(src):
        span = _word_before(text, h.start())
        if span is None:
            continue
        word = text[span[0]:span[1]]
        lead = _lead(text, span[0])
        if lead in _LEAD_OK and _abbrev_initials(word, lex):
            out.append(span)  # "Ordered by LR LICSW"
            continue
        if _plain(word, lex) or len(word) < 2:
            continue
        # a common word only after "and" / "by" / "to" ...: "dr tran and hope rrt"; at a
        # sentence's start a listed or unknown word: "Kwame RRT here", not "Urinary PCA"
        if lead in _LEAD_OK or _person(word, lex) and (
                lead == "." or word.lower() not in lex.common_words):
            if len(word) <= 3 and word.lower() in lex.common_words:
                continue  # "and the rn", "to ICU RN": short common words
            out.append(span)
    if " to " in low or "\tto" in low or "to\t" in low or "with" in low or "d/w" in low:
        for name in ("handoff", "with"):
            for m in heads_finditer(rx[name], src):
                if _person(m.group(1), lex):
                    out.append(m.span(1))
    if "-" in text or "\u2013" in text or "\u2014" in text:
        for m in _DASH_SIGN.finditer(text):
            words = m.group(1).split()
            if words[0][0].isupper() and all(_person(w, lex) for w in words):
                out.append(m.span(1))
    if "regards" in low or "sincerely" in low or "/s/" in low or "yours" in low \
            or "respectfully" in low or "cordially" in low:
        for m in _SIGN_OFF.finditer(text):
            words = re.findall(_W, m.group(1))
            if all(w[0].isupper() and not _plain(w, lex) and w.lower() not in _JOB_WORDS
                   for w in words) and any(_person(w, lex) for w in words):
                out.append(m.span(1))
    for h in rx["staff"].finditer(src):
        span = _word_before(text, h.start())
        if span is None or (_lead(text, span[0]) != "."
                            and not text[max(0, span[0] - 8):span[0]].rstrip(" \t").endswith(",")):
            continue  # at a sentence's or a clause's start
        word = text[span[0]:span[1]]
        k = word.lower()
        if k in _JOB_WORDS or k in _NOT_NAMES or k in FUNCTION_WORDS or len(k) < 2:
            continue
        if len(k) <= 3:  # initials in one case: "EK rn at bedside", "jt RN changed dressing"
            if _abbrev_initials(word, lex):
                out.append(span)  # "dm pca aware"
            elif (word.isupper() or word.islower()) and k not in lex.medical \
                    and k not in TEAM_ABBREVS \
                    and (len(k) == 2 or k not in lex.common_words) and k not in _NOT_INITIALS:
                out.append(span)
        elif (word[0].isupper() or word.islower() and k.isascii() and k not in _UNIT_NOUNS) \
                and not _plain(word, lex) \
                and (k in lex.first_names or k not in lex.common_words and word[0].isupper()):
            # "Mike SW aware"; in lower case a listed first name only: "hope pa aware", not
            # "outpt sw following" (session 18 and its review)
            out.append(span)
    if "(" in text:
        bracket = rx["bracket"].finditer(src) if src is not low or any(
            map(low.__contains__, _BRACKET_HEADS)) else ()
        for m in [*heads_finditer(_BY_BRACKET, text), *bracket]:
            word = text[m.start(1):m.end(1)]
            if word[0].isupper() and _person(word, lex):
                out.append(m.span(1))
    return out

