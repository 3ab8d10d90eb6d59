"""Relation words and the cue checks of the names detector that look around a token.

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
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = [
    "MODALS", "RELATIONS", "after_relation_slash", "lower_name_after_caps_cue",
    "relation_verb_name", "weak_cue_lower",
]

RELATIONS = frozenset(
    "husband wife daughter son mother father mom dad brother sister niece nephew grandson "
    "granddaughter grandmother grandfather friend partner fiance fiancee neighbor neighbour "
    "spouse boyfriend girlfriend aunt uncle cousin guardian caregiver hcp proxy sibling "
    "stepdaughter stepson nok dtr dtrs dau sons daughters brothers sisters grandsons "
    "granddaughters grandaughter grandchildren grandkids daughter-in-law son-in-law "
    "brother-in-law sister-in-law mother-in-law father-in-law dil roommate coworker co-worker "
    "landlord landlady godmother godfather stepmother stepfather ex-husband ex-wife "
    "ex-boyfriend ex-girlfriend ex-partner sil".split()
)
MODALS = frozenset("will may can must shall might would should could did does".split())
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
