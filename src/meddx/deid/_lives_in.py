"""Towns after "lives in" in a line typed with no case (session 29).

The town rules read a capitalised town after "lives in" ("lives about 2 hrs away in Red Oak"),
or a listed town in any case; in a line typed all lower case or ALL CAPS an unlisted town, or one
that is also a common word, stays: "she lives about 2 hrs away in red oak and is staying in a
hotel", "LIVES IN NAGS HEAD AND WILL DRIVE UP SATURDAY", "lives 4 hours away in valentine",
"she lives in alpine and cannot drive in". Session 28's readable groups show the class in
three of nine groups (26A, 26B, 27B). Here "lives" / "lived" / "resides" / "resided" (not
"living": "assisted living after a fall in bathroom"), up to six words with no stop ("about 2
hrs away", "alone"), "in", then one to three words that end the clause (a stop, a comma, a
bracket, a blank line, not a line break: "in single\nlevel condo"; "and", "with", "but", "so",
"near", "since") are a LOCATION when:

* the line has no case to read (capitalised lines are the town rules');
* no word is a function, clinical or calendar word, a state or a country, nor a kind of home or
  place ("lives in a trailer", "lives in assisted living", "lives in the area", "lives in town",
  "lives in senior housing", "lives in his car", "lives in fear");
* the words between the cue and "in" hold no stop, no digit-free clause word ("lives with wife
  in ..." keeps; "lives alone, in bed most days" does not reach).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._line_case import NoteLines
from meddx.deid._place_words import COUNTRIES, TOWN_ENDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["lives_in_spans"]

_CUE = re.compile(r"(?i)\b(?:lives|lived|resides|resided)\b((?:[ \t]+[a-z0-9/'-]+){0,6}?)"
                  r"[ \t]+in[ \t]+(?!the\b|a\b|an\b)([a-z][a-z'-]*(?:[ \t]+[a-z][a-z'-]*){0,3})")
_END = re.compile(r"[ \t]*(?:[.,;:)(?!]|\n[ \t]*\n|[-\u2013\u2014][ \t]|$|(?i:and|with|but|so|near|since|"
                  r"who|where|because|per|w/|x[ \t]*\d)\b)")
#: Words that place no town: kinds of homes and places, times, states of being.
_KINDS = frozenset(
    "town city country countryside area region neighborhood neighbourhood apartment apt house "
    "home trailer camper rv car van truck tent shelter housing facility assisted living group "
    "nursing snf alf ltc community rural urban state county same building complex basement "
    "senior subsidized section public independent fear pain denial bed room icu hospital "
    "unit us usa america woods street streets motel hotel tx transition process poverty "
    "squalor isolation mobile home condo duplex hud place care village suburbs dorm dorms "
    "dormitory barracks filth clutter conditions hoarding".split())


#: A town's last word that a clinical list also holds ("nags head", "hot springs").
_TOWN_TAILS = TOWN_ENDS | frozenset(("head", "falls", "springs", "heights"))


def _word_ok(k: str, lex: Lexicon, first: bool) -> bool:
    if not first and k in _TOWN_TAILS and k not in _KINDS:
        return True
    return not (k in FUNCTION_WORDS or k in _KINDS or k in lex.states or k in COUNTRIES or k in MONTHS
                or (len(k) > 1 and lex.is_medical(k)))


def lives_in_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the towns of the module docstring."""
    low = text.lower()
    if "liv" not in low and "resid" not in low:
        return []
    out: list[Span] = []
    lines = NoteLines(text)
    for m in _CUE.finditer(text):
        between = m.group(1).lower().split()
        if any(w in ("in", "at", "on", "to", "from") for w in between) \
                or not lines.without_case(m.start()):
            continue
        words = list(re.finditer(r"[A-Za-z][A-Za-z'-]*", m.group(2)))
        base = m.start(2)
        n = 0
        keys = [w.group(0).lower() for w in words]
        for w, k in zip(words, keys, strict=True):  # the shortest prefix that ends the clause
            tailed = n == 0 and len(keys) > 1 and keys[1] in _TOWN_TAILS and k not in FUNCTION_WORDS \
                and k not in _KINDS  # "nags head": a clinical first word before a town's tail
            if not tailed and not _word_ok(k, lex, n == 0):
                break
            n += 1
            if _END.match(text, base + w.end()):
                span = Span(base + words[0].start(), base + w.end(), "LOCATION", "places", 0.7)
                out.append(span)
                break
    return out
