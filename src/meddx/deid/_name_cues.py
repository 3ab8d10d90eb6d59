"""Relation and role words, and the cue checks of the names detector that look around a token.

* A relation joined to another by "/" is a cue too: "daughter/HCP June Paskowitz",
  "DIL/HCP Priya MacAllister".
* After a cue written in capitals, a lower-case word starts a name when it is a listed first
  name: after a relation any listed first name ("HCP mike to transport"), after another cue
  one that is no English or clinical word ("RN: kim"), or one that is, before a comma, "to",
  "re" ... ("discussed with NP lee, no changes"); not "PA mRNA".
* After a weak cue ("called", "per", "paged"), a lower-case listed first name that is no
  English or clinical word, or one that is before a comma, "to", "re" ...: "called joan",
  "called mike to update"; not "called back", "per protocol".
* After a relation, a word that is no listed name is one when a verb that follows people
  comes next: "GRANDDAUGHTER CHIP CALLED", "friend chip in to visit", "WIFE JOY AT BEDSIDE";
  not "DAUGHTER ALSO CALLED", "son just called", "DAUGHTER WILL CALL".
* A name told by what follows it (:func:`named_by_context`): "dawn (nephew) also called",
  "Rooney from IR came to bedside".
* After a role in lower case, a listed surname that is also an English word, when a
  person's verb, a comma or the line's end follows (:func:`role_surname_lower`): "pa smith
  aware", "attending: smith, will follow", "np brown notified"; not "pa aware", "rn long day".
* A listed first name that is also a word ("Bob", "Will"), then a capitalised word no
  dictionary knows, when a person's verb follows or the second word has a surname's shape
  (O', Mc, Mac): "Bob O'Neil at bedside", "Will Okafor called" (:func:`first_and_unknown`).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import MODALS, NOT_AFTER_CUE, RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = [
    "after_relation_slash", "first_and_unknown",
    "header_comma_name", "lower_name_after_caps_cue", "named_by_context", "relation_verb_name",
    "role_surname_lower", "verb_form", "weak_cue_lower",
]

_SLASH_BEFORE = re.compile(r"([A-Za-z-]+)/$")
#: Verbs that follow a person after a relation: "WIFE JOY AT BEDSIDE", "son chip called".
_PERSON_VERB = re.compile(
    r"[ \t]+(?:called|calls|phoned|aware|updated|notified|visited|visiting|states|stated|said|"
    r"says|requests|requested|agrees|agreed|declined|consented|arrived|left|(?:is|was)[ \t]+"
    r"(?:here|present|at[ \t]+bedside|aware|updated)|at[ \t]+(?:the[ \t]+)?bedside|"
    r"in[ \t]+to[ \t]+(?:visit|see)|came[ \t]+(?:in|to))\b", re.IGNORECASE)
#: Words between a relation and such a verb that are no name: "son also called".
_NOT_NAMES = frozenset(
    "also just never not still already again then now today tonight later often who that "
    "last yesterday both all each first finally soon recently who's has had is was were "
    "here there home ok okay present updated notified called visited visiting aware states "
    "stated said says arrived left came went brought wants would".split()
)


def after_relation_slash(text: str, start: int) -> bool:
    """A "/" before ``start`` that follows a relation word: "daughter/HCP"."""
    m = _SLASH_BEFORE.search(text, max(0, start - 24), start)
    return m is not None and m.group(1).lower() in RELATIONS


#: What follows a lower-case first name that is also a word: "called mike to update",
#: "discussed with NP lee, no changes".
_AFTER_NAME = re.compile(r"[ \t]*(?:[,;.)]|$|(?:to|re|at|about|regarding|and|back|w/)\b)",
                         re.MULTILINE)


def lower_name_after_caps_cue(text: str, toks: list[Token], i: int, lex: Lexicon) -> bool:
    """Lower-case token ``i`` right after a cue in capitals starts a name (module docstring)."""
    t = toks[i]
    k = t.key
    if len(k) < 3 or k not in lex.first_names or k in MODALS or k in FUNCTION_WORDS \
            or k in RELATIONS or lex.is_medical(k):
        return False
    if i > 0 and toks[i - 1].key in RELATIONS:
        return True
    return k not in lex.common_words or _AFTER_NAME.match(text, t.end) is not None


def weak_cue_lower(text: str, t: Token, lex: Lexicon) -> bool:
    """A lower-case word after a weak cue is a name: "called joan", "called mike to update",
    not "called back", "per protocol"."""
    k = t.key
    if len(k) < 3 or k not in lex.first_names or k in FUNCTION_WORDS or k in MODALS \
            or k in RELATIONS or lex.is_medical(k):
        return False  # "per son, Taltal": a relation, not a first name "Son"
    return k not in lex.common_words or _AFTER_NAME.match(text, t.end) is not None


def relation_verb_name(text: str, toks: list[Token], i: int, lex: Lexicon) -> bool:
    """Token ``i``, right after a relation, is a name because a person's verb follows it."""
    t = toks[i]
    k = t.key
    if i == 0 or toks[i - 1].key not in RELATIONS or len(k) < 3:
        return False
    if k in _NOT_NAMES or k in FUNCTION_WORDS or k in MODALS or k in RELATIONS \
            or lex.is_medical(k, abbreviations=False) or k.endswith(("ly", "ing", "ed")):
        return False
    gap = text[toks[i - 1].end:t.start]
    if gap.strip(" \t,(") or "\n" in gap:
        return False
    return _PERSON_VERB.match(text, t.end) is not None


_CONTEXT_AFTER = re.compile(
    r"\((?:" + "|".join(sorted(RELATIONS | ROLES, key=len, reverse=True)) + r")\)"
    r"|(?<![\w])from[ \t]+(?:ir|pt|ot|sw|rt|gi|id|cm|pharmacy|cards|cardiology|renal|neuro|"
    r"surgery|ortho|psych|nutrition|pulm|palliative|wound\s+care|case\s+management|"
    r"social\s+work|the\s+\w+\s+team)[ \t]+(?:came|called|saw|stopped|rounded|was|is|here|"
    r"at|in|to|will)\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(?<![\w'-])([^\W\d_](?:[\w'-]*[^\W\d_])?)[ \t]*$")


def named_by_context(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """A name told by what follows it: "dawn (nephew) also called", "Rooney from IR came to
    bedside"; a listed name or a word no dictionary knows. The cue is found first (it starts
    with "(" or "from"), then the word before it."""
    out = []
    for c in heads_finditer(_CONTEXT_AFTER, text):
        m = _WORD_BEFORE.search(text, max(0, c.start() - 40), c.start())
        if m is None or (c.group()[0] != "(" and m.end(1) == c.start()):
            continue  # "from" needs a blank before it
        word = m.group(1)
        key = word.lower()
        if len(key) < 3 or key in FUNCTION_WORDS or lex.is_medical(word) or key in RELATIONS \
                or key in ROLES or key in MODALS or key in NOT_AFTER_CUE:
            continue
        listed = key in lex.first_names or key in lex.last_names
        parts = [p for p in key.split("-") if p]
        if not listed and all(p in lex.common_words or lex.is_medical(p) for p in parts):
            continue  # "pregnancy-associated (...)"
        out.append((m.start(1), m.end(1)))
    return out


_AFTER_SURNAME = re.compile(r"[ \t]*(?:[,;)]|\.(?:[ \t]|$)|$)", re.MULTILINE)
_ENDINGS = ("ing", "ed", "ly", "tion", "ment", "ness", "ies")


def role_surname_lower(text: str, toks: list[Token], i: int, lex: Lexicon) -> bool:
    """Lower-case token ``i`` right after a role ("pa", "attending:") is a listed surname
    that is also a word: "pa smith aware", "attending: smith, will follow"."""
    t = toks[i]
    k = t.key
    if i == 0 or toks[i - 1].key not in ROLES or len(k) < 3 or k not in lex.last_names:
        return False
    if k in FUNCTION_WORDS or k in MODALS or k in NOT_AFTER_CUE or k in _NOT_NAMES \
            or k in RELATIONS or k in ROLES or lex.is_medical(k) or k.endswith(_ENDINGS) \
            or (k.endswith("s") and k[:-1] in lex.common_words):
        return False  # "specialist centers"
    gap = text[toks[i - 1].end:t.start]
    if gap.strip(" \t:") or "\n" in gap:
        return False
    return _PERSON_VERB.match(text, t.end) is not None or _AFTER_SURNAME.match(text, t.end) is not None


_SURNAME_SHAPE = re.compile(r"(?:O['\u2019]|Mc|Mac)[A-Z][a-z]+")


def first_and_unknown(text: str, first: Token, last: Token, lex: Lexicon) -> bool:
    """``first`` (a listed first name that is also a word) and ``last`` (capitalised, mixed
    case) form a name: "Bob O'Neil at bedside" (see the module docstring)."""
    k = last.key
    if first.upper or last.upper or not last.cap or len(k) < 3 or k in lex.common_words \
            or lex.is_medical(last.text) or first.key in MODALS:
        return False
    return _SURNAME_SHAPE.fullmatch(last.text) is not None \
        or _PERSON_VERB.match(text, last.end) is not None


def verb_form(key: str, lex: Lexicon) -> bool:
    """A lower-case word of six letters or more ending in -ing or -ed that is no listed
    surname: "ambulating", "resting" (after "mr white")."""
    return len(key) >= 6 and key.endswith(("ing", "ed")) and key not in lex.last_names \
        and key not in lex.first_names


def header_comma_name(text: str, toks: list[Token], i: int, lex: Lexicon) -> bool:
    """After a header cue, a surname that is also an abbreviation, a comma and a listed
    first name: "Patient: DOE, JANE A" (not "Patient: CHF, HTN"). The other header forms are
    other rules' (see the ``_names`` docstring): a first name that is also a word is
    ``_name_context``'s, a title after a header in capitals ``_name_roles``'s."""
    if i + 1 >= len(toks) or not toks[i].cap or toks[i].key not in lex.last_names:
        return False
    gap = text[toks[i].end:toks[i + 1].start]
    nxt = toks[i + 1]
    return (gap.strip() == "," and "\n" not in gap and nxt.cap and nxt.upper == toks[i].upper
            and nxt.key in lex.first_names and nxt.key not in MODALS
            and not lex.is_medical(nxt.text))
