"""A named residence between a residence cue and "in <town>" (session 21, deidleft21).

"Resident of Linden Ponds in Hingham", "RESIDENT OF LINDEN PONDS IN HINGHAM", "lives at the
Arbors in Brewster": the words between the cue and "in" name the retirement community, group
home or complex the patient lives in, and the town after "in" says where it is. In mixed case
the place rules read the name; in capitals or lower case the name's words are common words
("LINDEN", "PONDS") and only a listed town among them was tagged ("LINDEN" alone).

The name is one to four words after "resident of/at", "resides/residing at", "lives/living at",
with a leading "the" left out, that hold a word no dictionary knows or a listed name or town
("linden", "whitcombe"), and that are not all
generic residence words ("nursing home", "group home", "assisted living", "senior housing",
"home", "an apartment"). The town after "in" must be a listed town or, in title case or
capitals, a word no dictionary knows; it is tagged too.
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["residence_name_spans"]

_W = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
_RESIDENCE = re.compile(
    r"\b(?i:resident[ \t]+(?:of|at)|resides[ \t]+at|residing[ \t]+at|lives[ \t]+at|living[ \t]+at)"
    rf"[ \t]+(?:(?i:the)[ \t]+)?(?P<name>{_W}(?:[ \t]{_W}){{0,3}}?)[ \t]+(?i:in)[ \t]+"
    rf"(?P<town>{_W}(?:[ \t]{_W})?)(?=[ \t]*(?:$|[\n,.;:)]|[ \t]-|[ \t]+(?i:with|and|for|since)\b))",
    re.MULTILINE)
#: Words that name a kind of residence, not one residence
_GENERIC = frozenset(
    "home house apartment apt condo nursing group assisted living senior housing independent "
    "facility rehab shelter community retirement elderly care center centre complex building "
    "unit room trailer mobile park own daughter's son's sister's brother's mother's father's "
    "friend's family's parents' basement boyfriend's girlfriend's grandmother's grandfather's "
    "grandma's grandpa's aunt's uncle's cousin's niece's nephew's partner's wife's husband's "
    "fiance's camper rv van car motel hotel tent".split())  # fix round: kin and vehicles


#: Facility words and abbreviations: a name holding one is a care facility, which the facility
#: rules type HOSPITAL ("resides at Maplewood nh in Amesbury"); this rule leaves it to them
_FACILITY = frozenset("nh snf alf ltc ltach rehab nursing hospital hospice manor center centre clinic "
                      "infirmary".split())


def _named(word: str, lex: Lexicon) -> bool:
    k = word.lower()
    return (k in lex.cities or k in lex.last_names or k in lex.first_names
            or not (k in lex.common_words or lex.is_medical(k)))


def _town_ok(town: str, lex: Lexicon) -> bool:
    key = town.lower()
    if key in lex.states or any(w in FUNCTION_WORDS for w in key.split()):
        return False
    gaz = gazetteer()
    if key in lex.cities or (key in gaz.towns and key not in gaz.plain_towns):
        return True  # a listed town, or a small one no dictionary reads otherwise ("hingham")
    return town != key and not any(w in lex.common_words or lex.is_medical(w) for w in key.split())


def residence_name_spans(text: str, lex: Lexicon) -> list[Span]:
    """LOCATION spans for a named residence and its town (see the module docstring)."""
    low = text.lower()
    if "resid" not in low and "lives at" not in low and "living at" not in low:
        return []
    out = []
    for m in _RESIDENCE.finditer(text):
        words = m.group("name").split()
        keys = [w.lower() for w in words]
        if any(k in FUNCTION_WORDS or k in _FACILITY for k in keys) or all(k in _GENERIC for k in keys):
            continue  # a facility's name is the facility rules' ("Maplewood nh": HOSPITAL)
        if not any(_named(w, lex) and w.lower() not in _GENERIC for w in words):
            continue
        if not _town_ok(m.group("town"), lex):
            continue
        out.append(Span(m.start("name"), m.end("name"), "LOCATION", "places", 0.75))
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
    return out
