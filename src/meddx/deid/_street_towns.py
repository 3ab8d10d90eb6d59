"""A town after a street address and a comma, with no state code after it (session 21,
deidleft21).

Case managers and therapists write a discharge address as a household says it: "going to her
sister's home at 14 Dunmore Ct, Grapevine - confirmed", "lives at 22 Oak Ave, Lowell.", "d/c to
9 birch rd, ware;". The street is found by the address rules; the town after its comma is not,
when no state code or ZIP follows (those forms are ``_address_towns``'s and ``_cued_places``'s).

The town is one to three words right after "<number> <street name> <street word>," that end a
clause (a comma, stop, semicolon, colon, bracket, dash, the line's end or a state code): a
listed town (in any case: "grapevine", "LOWELL"), or, in title case or capitals, words no
dictionary knows ("Tewksbury"). Never a state, a country, a function word, an apartment or
floor ("14 Elm St, Apt 2", "12 Main St, 2nd floor") or a common or clinical word that no town
list holds ("22 Oak Ave, alone", "14 Elm St, Stable").
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import COUNTRIES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["street_town_spans"]

_STREET_WORDS = (r"st|street|ave|avenue|rd|road|ln|lane|dr|drive|ct|court|way|blvd|boulevard|hwy|"
                 r"highway|pl|place|ter|terrace|cir|circle|pkwy|parkway|sq|square|trl|trail")
#: a street word ending the text before a comma (the commas are found first: a scan for a comma
#: is far cheaper than one for the street words, and few commas follow a street word)
_STREET_END = re.compile(rf"\b(?:{_STREET_WORDS})\.?$", re.IGNORECASE)
_WORD = r"[a-z][a-z'\u2019.-]*"
#: "<number> <one to three street-name words> <street word>, <town words>", read on the
#: lower-cased line that ends at the street word's comma
_ADDRESS = re.compile(rf"(?<![\w/.-])\d{{1,6}}[a-z]?(?:[ \t]+{_WORD}){{1,3}}?[ \t]+(?:{_STREET_WORDS})\.?,$")
_TOWN_WORD = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
_TOWN = re.compile(rf"[ \t]*({_TOWN_WORD}(?:[ \t]{_TOWN_WORD}){{0,2}})")
#: what may follow the town: the clause ends, or a state code or a ZIP follows
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[\n,.;:)\]]|[ \t]-|[ \t]+\(|[ \t]+[A-Za-z]{2}[ \t]+\d{5})",
                         re.MULTILINE)


def _town_ok(words: list[str], lex: Lexicon) -> bool:
    keys = [w.lower() for w in words]
    joined = " ".join(keys)
    if joined in lex.states or joined in COUNTRIES or any(k in FUNCTION_WORDS for k in keys):
        return False
    gaz = gazetteer()
    if joined in lex.cities or (joined in gaz.towns and joined not in gaz.plain_towns):
        return True  # a listed town, or a small one no dictionary reads otherwise ("hingham")
    if any(w == w.lower() for w in words):
        return False  # lower case: only a listed town
    return not any(k in lex.common_words or lex.is_medical(k) or k in lex.states for k in keys)


def street_town_spans(text: str, lex: Lexicon) -> list[Span]:
    """LOCATION spans for the towns after a street address and its comma."""
    out: list[Span] = []
    at = text.find(",")
    while at >= 0:
        comma, at = at, text.find(",", at + 1)
        if _STREET_END.search(text, max(0, comma - 12), comma) is None:
            continue
        line = text.rfind("\n", 0, comma) + 1
        if _ADDRESS.search(text[max(line, comma - 60):comma + 1].lower()) is None:
            continue
        t = _TOWN.match(text, comma + 1)
        if t is None or "\n" in text[comma + 1:t.start(1)]:
            continue
        words = t.group(1).split()
        for n in range(len(words), 0, -1):  # the longest run that is a town and ends a clause
            end = t.start(1) + len(" ".join(words[:n])) if n < len(words) else t.end(1)
            if " ".join(words[:n]) != text[t.start(1):end]:
                break  # a tab or double blank inside: read no further
            if _CLAUSE_END.match(text, end) and _town_ok(words[:n], lex):
                out.append(Span(t.start(1), end, "LOCATION", "places", 0.75))
                break
    return out
