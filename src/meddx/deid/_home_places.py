"""Employers, home towns and cities abroad after a person's cue (split from ``_place_cues``).

* **Employers in short** (LOCATION): "retired from GE", "works at stop and shop", "works at
  fidelity in boston".
* **Towns after residence cues** (LOCATION): "lives in salem with", "house in revere,".
* **Foreign cities** (LOCATION) after a travel cue: "Lima, Peru", "Port-au-Prince"; a word no
  dictionary knows after a strong one ("returned from Lagos.", "stops in Cartagena and");
  countries stay.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import CLAUSE_END, COUNTRIES, GENERIC_BEFORE, plain
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = ["abroad_spans", "employer_spans", "gap", "home_town_spans"]

_WORK_PREPS = frozenset(("from", "at", "for", "by", "with"))
_NOT_EMPLOYER_CAPS = frozenset("ER ED OR ICU VA US USA USN USAF USMC USCG ARMY NAVY OT PT RN "
                               "MD IT HR EMS".split())
# Words of "works at night and weekends", "at home and school": no workplace's name.
_NOT_WORKPLACE = GENERIC_BEFORE | frozenset(
    "night nights day days weekend weekends home school work times church office part full "
    "time evenings mornings shifts".split())
_WORK_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$|(?:as|since|for|in|until|after|last|and)\b)")


def gap(text: str, a: Token, b: Token) -> str:
    """The characters between two tokens."""
    return text[a.end:b.start]




def _employer_in_town(text: str, toks: list[Token], i: int, lex: Lexicon, out: list[Span]) -> None:
    """ "son works at fidelity in boston": one to three words between the cue and "in <town>"."""
    for n in (1, 2, 3):
        j = i + 1 + n
        if j + 1 >= len(toks) or "\n" in text[toks[i].end:toks[j].start]:
            return
        if toks[j].key == "in" and toks[j + 1].key in lex.cities and toks[j + 1].key not in lex.states:
            words = toks[i + 1:j]
            if any(w.key in FUNCTION_WORDS or w.key in _NOT_WORKPLACE or w.upper for w in words):
                return
            out.append(Span(words[0].start, words[-1].end, "LOCATION", "places", 0.7))
            return


def employer_spans(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    for i in (c + 1 for c in at):
        if i + 1 >= len(toks) or toks[i].key not in _WORK_PREPS:
            continue
        w = toks[i + 1]
        if w.upper and 2 <= len(w.text) <= 5 and w.text not in _NOT_EMPLOYER_CAPS \
                and _WORK_END.match(text, w.end):
            out.append(Span(w.start, w.end, "LOCATION", "places", 0.7))  # "retired from GE"
            continue
        # "works at stop and shop": lower-case "X and Y" that ends the clause
        _employer_in_town(text, toks, i, lex, out)
        if i + 3 >= len(toks) or toks[i + 2].key not in ("and", "n"):
            continue
        y = toks[i + 3]
        if w.key == w.text and y.key == y.text and w.key not in FUNCTION_WORDS \
                and not {w.key, y.key} & _NOT_WORKPLACE and gap(text, w, toks[i + 2]) == " " \
                and gap(text, toks[i + 2], y) == " " and _WORK_END.match(text, y.end):
            out.append(Span(w.start, y.end, "LOCATION", "places", 0.7))


_NOT_TOWN = frozenset("fear poverty comfort pain denial isolation peace harmony squalor "
                      "town city order general good".split())
_TOWN_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$|(?:with|and|since|for|alone|w/)\b)")


def home_town_spans(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    """ "lives in salem with", "a 2-family house in revere," "lives in Hope with wife": one
    word ending the clause after a residence cue, a listed town in any case, or a
    capitalised word in the middle of a mixed-case sentence."""
    for i in (c + 1 for c in at):
        if i + 1 >= len(toks) or toks[i].key != "in":
            continue
        t = toks[i]
        w = toks[i + 1]
        if w.upper or w.key in FUNCTION_WORDS or w.key in lex.states or w.key in _NOT_TOWN \
                or len(w.key) < 3 or not _TOWN_END.match(text, w.end) or gap(text, t, w) != " ":
            continue
        if (w.key in lex.cities and w.key == w.text) or (w.cap and not t.cap and not lex.is_medical(w.key)):
            out.append(Span(w.start, w.end, "LOCATION", "places", 0.7))


_PLACE_PAIR = re.compile(r",[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?(?=[ \t]*(?:[.;:)\n]|$|,|"
                         r"(?:in|for|on|last|and|with|since|until|where|x)\b))")
_FOREIGN_HYPHEN = re.compile(r"[A-Z][a-z]+(?:-(?:au|de|du|des|la|le|les|sur|en|di|da|do|of)-[A-Z][a-z]+"
                             r"|-[A-Z][a-z]+)+")


_REGIONS = frozenset("europe asia africa america americas caribbean antarctica oceania".split())


_FAR_CUES = frozenset("immigrated emigrated returned traveled travelled trip flew flight cruise "
                      "vacation vacationing visiting stops".split())
_ABROAD_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$|(?:last|this|in|on|for|with|and|where|via|x)\b|\d)")


def abroad_spans(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    """ "returned from a trip to Lima, Peru", "immigrated from Port-au-Prince": a city after a
    travel or migration cue, with its country after a comma, or hyphenated ("Port-au-Prince").
    Countries stay: without a list of them, a city alone is not told from a country."""
    preps = sorted({i for c in at for i in range(c + 1, min(c + 4, len(toks) - 1))
                    if toks[i].key in ("from", "to", "in", "via")})
    for i in preps:
        first = i + 1
        end = first
        while end < len(toks) and end - first < 3 and toks[end].cap and not toks[end].upper \
                and (end == first or gap(text, toks[end - 1], toks[end]) == " "):
            end += 1
        run = toks[first:end]
        joined = " ".join(x.key for x in run)
        if not run or any(x.key in lex.states or x.key in FUNCTION_WORDS or x.key in _REGIONS for x in run) \
                or joined in lex.states or (joined not in lex.cities and all(plain(x, lex) for x in run)):
            continue  # "Vacation, Florida", "Europe, Asia"
        hyphened = len(run) == 1 and _FOREIGN_HYPHEN.fullmatch(run[0].text)
        # "returned from Lagos.", "trip to Cancun last month": a word no dictionary knows (or a
        # listed city), no country, right after a strong travel cue, ending the clause
        alone = (joined not in COUNTRIES and not any(x.key in COUNTRIES for x in run)
                 and any(toks[c].key in _FAR_CUES for c in range(max(0, i - 3), i))
                 and (joined in lex.cities or all(not plain(x, lex) and x.key not in lex.first_names
                                                   for x in run))
                 and _ABROAD_END.match(text, run[-1].end) is not None)
        if _PLACE_PAIR.match(text, run[-1].end) or (hyphened and CLAUSE_END.match(text, run[0].end)) \
                or alone:
            out.append(Span(run[0].start, run[-1].end, "LOCATION", "places", 0.7))
