"""Names that are also English words, told by a staff role, a colon label or a relation.

Many surnames and given names are common words (Moody, Ray, Hope, Frank, Page, Hill, Grant,
Will, May, Dom), so the census rules, which take a listed name only when it is no English
word, miss them. Each rule here is anchored on a rare cue and wants more than the cue:

* **a staff role, the word, what staff do**: "sw moody to see in am", "cm ray working on
  rehab", "RN HOPE AWARE", "PT Grant following", "md hart updated", in one casing (all lower, all capitals, or
  a capitalised word); the word must be a listed first name or surname (or, capitalised, a word
  no dictionary knows), not a clinical, function, modal or relation word; "rt neb at bs",
  "sw will see", "rn also aware" stay;
* **an officer, a scrub or a circulator**: "(ofcr hill)", "Officer Swift escorted", "and scrub
  Dom." (the word then a bracket, a stop or a staff verb);
* **a role label with a colon**: "MA: jade", "PharmD: Bao-Chau Lam", "Scribe: Lily Nakamura",
  one or two name words that end the line or come before a comma, a slash, a bracket or a
  phone cue; "MA: will call pt", "PharmD: recommend vancomycin" stay;
* **a relation, then Will or May followed by what no modal precedes**: "FATHER WILL IS OUT OF
  STATE", "her son Will was here", "Daughter May called"; "wife will call", "SON WILL CALL",
  "wife will and son" stay;
* **a staff role, then one capitalised word in brackets**: "PT (Hart) recommends" (a listed
  name, common word or not, or a word no dictionary knows; "PT (Foley)", "RN (Charge)" stay);
* **report handed to a given name**: "Report called to Faith at the rehab" (a listed given
  name; "report to Floor" stays).

The rules read the lower-cased text at the same offsets; on a text whose lower-casing changes
its length (rare letters) they are skipped.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import MODALS, NOT_AFTER_CUE, RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["word_names"]

_NAME = r"[A-Za-z][a-z'\u2019]*(?:-[A-Za-z][a-z'\u2019]*)?|[A-Z][A-Z'\u2019]*(?:-[A-Z][A-Z'\u2019]*)?"
_LOW_NAME = r"[a-z][a-z'\u2019]*(?:-[a-z][a-z'\u2019]*)?"
_VERBS = (r"to[ \t]+(?:see|f/u|follow|evaluate|eval|call|speak|meet)|working|following|f/u|aware|notified|"
          r"updated|called|paged|at[ \t]+(?:the[ \t]+)?(?:bs|bedside)|in[ \t]+to[ \t]+see|saw|rounded|gave|"
          r"covering|here|present|states|reports|recommends?")
#: Words one of which a text must hold for _STAFF_NAME to be tried (a cheap test first).
_VERB_KEYS = ("to see", "to f/u", "to follow", "to eval", "to call", "to speak", "to meet",
              "working", "following", "f/u", "aware", "notified", "updated", "called", "paged",
              "at bs", "bedside", "saw", "rounded", "gave", "covering", "here", "present", "states",
              "reports", "recommend")
#: A staff abbreviation, one or two words, a staff verb; on the lower-cased text (the word
#: before the abbreviation is checked in code: a literal start keeps the scan fast).
_STAFF_NAME = re.compile(r"(?:sw|cm|rn|rt|rrt|np|pa|ot|pt|pta|slp|rd|lpn|cna|pca|crna|msw|licsw|lcsw|ma|md|"
                         rf"tech|aide)[ \t]+({_LOW_NAME})(?:[ \t]+({_LOW_NAME}))??(?=[ \t]+(?:{_VERBS})\b)")
#: An officer, a scrub or a circulator, the word, then a bracket, a stop or a staff verb (on
#: the lower-cased text).
_OFFICER = re.compile(rf"(?:ofcr\.?|officer|scrub|circulator|security)[ \t]+({_LOW_NAME})"
                      r"(?=[ \t]*(?:[).;,]|$)|[ \t]+(?:escorted|called|aware|notified|present|at[ \t]+"
                      r"bedside|came|arrived|removed|took)\b)", re.MULTILINE)
#: A colon, then one or two name words ending the line or a clause; the role label before the
#: colon is read from a window (_LABEL_BEFORE, on the lower-cased text).
_AFTER_COLON = re.compile(rf":[ \t]*({_NAME})(?:[ \t]+({_NAME}))?"
                          r"(?=[ \t]*(?:$|[,;/()]|\.(?:[ \t]|$)|(?:ext|x|pgr|pager|#)\.?[ \t]*\d|for\b))",
                          re.MULTILINE)
_LABEL_BEFORE = re.compile(r"(?<![\w/.-])(?:ma|cma|pharmd|rph|scribe|(?:interpreter|translator)"
                           r"(?:[ \t]+(?:used|present|name))?|sitter|tech|chaplain|cosign(?:er|ed)?|"
                           r"co-sign(?:er|ed)?|rn|lpn|pca|cna|np|rt|rrt|pa|sw|cm|ot|pt|md|attn|attention|"
                           r"nurse|provider|attending|resident|fellow)[ \t]*$")
#: Will or May (on the lower-cased text) followed by a word that follows a person, not a
#: modal; the relation before it is read from a window.
_MODAL_AT = re.compile(r"(?:will|may)(?=[ \t]+(?:is|was|has|had|called|phoned|visited|states|stated|"
                       r"said|lives|works)\b)")
_REL_BEFORE = re.compile(r"(?<![\w-])([A-Za-z-]+)[ \t]+$")
#: One capitalised word in brackets; a staff role must come right before the bracket.
_BRACKET = re.compile(r"\([ \t]*([A-Z][a-z][a-z'\u2019-]*)[ \t]*\)")
_ROLE_BEFORE = re.compile(r"(?<![\w/-])(?:pt|ot|rt|rrt|slp|sw|cm|rn|np|pa|rd|crna|pta|cota|lpn|cna)[ \t]*$")
#: A hand-off of report to a capitalised given name: "Report called to Faith at ...".
_REPORT_TO = re.compile(r"(?i:report)[ \t]+(?:(?i:given|called|gave|phoned)[ \t]+)?(?i:to)[ \t]+"
                        r"([A-Z][a-z]+)\b"
                        r"(?![ \t]*[-'\u2019])")
#: Words after a role that are no name even if a list has them.
_NOT_NAMES = frozenset("also just still now then again already today tonight both all each "
                       "first finally soon later currently only charge primary float student "
                       "night day eve evening nights days".split())


def _blocked(word: str, lex: Lexicon) -> bool:
    k = word.lower()
    return (len(k) < 2 or k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or k in MODALS
            or k in NOT_AFTER_CUE or k in _NOT_NAMES or lex.is_medical(word, abbreviations=False))


def _name_word(word: str, lex: Lexicon, unknown_ok: bool) -> bool:
    """A listed given name or surname (common word or not), or with ``unknown_ok`` a word no
    dictionary knows; never a blocked or clinical word."""
    if _blocked(word, lex):
        return False
    k = word.lower()
    parts = [p for p in k.split("-") if p]
    listed = k in lex.first_names or k in lex.last_names or (
        len(parts) > 1 and all(p in lex.first_names or p in lex.last_names for p in parts))
    if listed:
        return not lex.is_medical(word)
    return unknown_ok and len(k) >= 3 and k not in lex.common_words and not lex.is_medical(word) \
        and not k.endswith(("ing", "ed", "ly"))


def _one_casing(word: str) -> bool:
    return word.islower() or word.isupper() or word.istitle()


def _starts_word(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "/.-_")


def word_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is ``text`` in
    lower case."""
    out: list[tuple[int, int]] = []
    if len(low) != len(text):
        return out  # the rules read offsets of the lower-cased text
    for m in heads_finditer(_STAFF_NAME, low) if any(v in low for v in _VERB_KEYS) else ():
        start = m.start()
        if not _starts_word(low, start) or low[max(0, start - 3):start].strip()[-1:].isdigit():
            continue  # "2 cm ray of erythema"
        words = [text[m.start(i):m.end(i)] for i in (1, 2) if m.group(i)]
        if all(_one_casing(w) and _name_word(w, lex, unknown_ok=w[0].isupper() and not w.isupper())
               for w in words):
            out.append((m.start(1), m.end(len(words))))
    if any(c in low for c in ("ofcr", "officer", "scrub", "circulator", "security")):
        for m in _OFFICER.finditer(low):
            w = text[m.start(1):m.end(1)]
            if _starts_word(low, m.start()) and _one_casing(w) \
                    and _name_word(w, lex, unknown_ok=not w.islower()):
                out.append(m.span(1))
    if ":" in text:
        for m in _AFTER_COLON.finditer(text):
            if not _LABEL_BEFORE.search(low, max(0, m.start() - 24), m.start()):
                continue
            words = [i for i in (1, 2) if m.group(i)]
            if all(_name_word(m.group(i), lex, unknown_ok=True) for i in words):
                out += [m.span(i) for i in words]
    if "(" in text:
        for m in _BRACKET.finditer(text):
            if _ROLE_BEFORE.search(low, max(0, m.start() - 8), m.start()) \
                    and _name_word(m.group(1), lex, unknown_ok=True):
                out.append(m.span(1))
    if "report" in low:
        for m in _REPORT_TO.finditer(text):
            k = m.group(1).lower()
            if k in lex.first_names and not _blocked(m.group(1), lex) and not lex.is_medical(m.group(1)):
                out.append(m.span(1))
    if "will" in low or "may" in low:
        for m in _MODAL_AT.finditer(low):
            r = _REL_BEFORE.search(text, max(0, m.start() - 24), m.start())
            w = text[m.start():m.end()]
            if r is not None and _starts_word(low, m.start()) and r.group(1).lower() in RELATIONS \
                    and _one_casing(w):
                out.append(m.span())
    return out
