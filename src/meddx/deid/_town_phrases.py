"""Phrases around towns that the list and cue rules miss (split from ``_place_forms``).

* **A town and a state code without a comma after a cue**: "PT FROM PRESQUE ISLE ME,",
  "from Bangor ME." ("seen by Smith MD", "in ICU PA" stay).
* **A town after a place's name and "in"**: "Pioneer Plastics in Auburn", "St. Kolbe church
  in Scarborough", "woodlands memory care in veazie" (a listed or unknown word; "Mercy Hospital
  in April", "Acme in Maine" stay).
* **An island after "lives ... on"** ("lives with his wife on Deer Isle").
* **A town after a workplace and "in", or "near"**: "works in Hallowell.", "job site in Augusta",
  "rollover near Dixmont." ("works in Sales", "near syncope", "near baseline" stay).
* **"Home is" a town** ("HOME IS CHERRYFIELD;"), **an apartment number alone** ("lives
  upstairs in Apt 14"; not "f/u apt 3/2", "next apt 2 weeks"), and **a capitalised word with a
  place word after a preposition** ("Returns to Bar Harbor in May"; not "at Sandy Point
  Hospital").
* **Street corners**: "hit by a car at the corner of Lisbon St and Main".
* **Counties in lower case** ("lives in york county"), **neighbourhoods** ("the Libbytown
  neighborhood", "the North End neighborhood"), **"a Skowhegan resident"** ("Chief Resident",
  "surgical resident" stay).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_forms import town_ok
from meddx.deid._place_words import COUNTRIES, STATE_CODES, TOWN_ENDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, tokenize

__all__ = ["KIND_WORDS", "town_after_place_spans", "town_phrase_spans"]


#: A state code at a clause's end, then the cue and town read before it.
_CODE_AT_END = re.compile(r"(?<=[ \t])[A-Z]{2}(?=[ \t]*(?:[.,;)\n]|$))")


def _codes_no_comma(text: str) -> list[re.Match[str]]:
    out = []
    for c in _CODE_AT_END.finditer(text):
        if c.group() not in STATE_CODES or c.group() in _CODE_WORDS:
            continue
        m = _CODE_NO_COMMA.search(text, max(0, c.start() - 60), c.end())
        if m is not None and m.end() == c.end():
            out.append(m)
    return out


_CODE_NO_COMMA = re.compile(
    r"\b(?:from|in|near|of|to|FROM|IN|NEAR|OF|TO|From|In|Near)[ \t]+(?P<town>[A-Za-z][A-Za-z'-]+"
    r"(?:[ \t][A-Za-z][A-Za-z'-]+){0,2})[ \t]+(?P<st>[A-Z]{2})\b(?=[ \t]*(?:[.,;)\n]|$))")
#: Codes that are also words or credentials: "seen by Smith MD", "in ICU PA".
_CODE_WORDS = frozenset("ID OR IN OK HI DE LA CO AL OH MS MT MD PA".split())
_LOWER_COUNTY = re.compile(r"\b(?P<words>[a-z][a-z'-]+(?:[ \t][a-z][a-z'-]+)?)[ \t]+county\b")
_QUARTER = re.compile(
    r"\b(?P<words>[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?)[ \t]+(?i:neighbou?rhood|"
    r"section[ \t]+of)\b")
_RESIDENT = re.compile(
    r"\b(?i:an?|lifelong|life-long|longtime|long-time|local|former|current|year-round|permanent)"
    r"[ \t]+(?P<words>[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?)[ \t]+(?i:resident)\b"
    r"(?![ \t]+(?i:of|on|physician|doctor))")
#: Words before "neighborhood" or "resident" that name a kind, not a place.
_KIND = frozenset("same poor safe unsafe bad good rough quiet nice new old local home nearby "
                  "rural urban suburban inner city town village low-income high-crime surgical "
                  "medical chief senior junior night day on-call covering admitting pgy lifelong "
                  "life-long longtime long-time former current year-round permanent first-year "
                  "second-year third-year fourth-year final-year hispanic latino latina black white "
                  "asian african italian irish polish french immigrant minority affluent wealthy "
                  "residential".split())
KIND_WORDS = _KIND  # read by _town_links (deidloc10)


def _place_words(words: list[str], lex: Lexicon, titled_ok: bool) -> bool:
    """Words that name a place: no function, clinical, state or kind word, and one no common
    word (or, with ``titled_ok``, all capitalised)."""
    keys = [w.lower() for w in words]
    if any(k in FUNCTION_WORDS or k in _KIND or k in lex.states or k in COUNTRIES or lex.is_medical(k)
           for k in keys):
        return False
    return any(k not in lex.common_words for k in keys) or (
        titled_ok and all(w[0].isupper() and not w.isupper() for w in words))


_WORK_IN_WORDS = frozenset("works work worked working employed job jobs site school college church "
                           "camp cottage plant office near outside".split())
_WORK_IN = re.compile(
    r"(?i:(?=[wejscpon])\b(?:works?|worked|working|employed|job|jobs|site|school|college|church|camp|cottage|"
    r"plant|office|near|outside(?:[ \t]+of)?)[ \t]+(?:in[ \t]+)?)(?P<town>[A-Za-z][A-Za-z'-]+"
    r"(?:[ \t][A-Za-z][A-Za-z'-]+)?)(?=[ \t]*(?:[.,;:)\n]|$|(?:and|with|for|since|until|last|this|on)\b))")


def _work_and_near_towns(text: str, lex: Lexicon, out: list[Span]) -> None:
    """ "works in Hallowell.", "job site in Augusta,", "rollover near Dixmont.", "camp
    outside of Greenville": a listed town, or words no dictionary knows nor first names."""
    starts = [t.start for t in tokenize(text) if t.key in _WORK_IN_WORDS]
    for m in (x for at in starts if (x := _WORK_IN.match(text, at)) is not None):
        if " in" not in m.group().lower() and not re.search(r"(?i)near|outside", m.group()[:12]):
            continue  # "works Sundays": only "in", "near" or "outside" leads to a town
        words = m.group("town").split()
        keys = [w.lower() for w in words]
        joined = " ".join(keys)
        if joined in lex.states or joined in COUNTRIES or any(
                k in FUNCTION_WORDS or k in _MONTHS_DAYS or (lex.is_medical(k) and k not in _TOWN_ENDS)
                or k in lex.states for k in keys):
            continue
        near = not m.group().lower().lstrip().startswith(("works", "worked", "working", "employed", "job",
                                                          "site", "school", "college", "church", "camp",
                                                          "cottage", "plant", "office"))
        if near and words[0].islower() and joined not in lex.cities:
            continue  # "had near resolution": in lower case only a listed town after "near"
        if joined in lex.cities or all(k not in lex.common_words and k not in lex.first_names
                                       and len(k) >= 3 for k in keys):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))


_HOME_IS = re.compile(
    r"(?i:\bhome(?:[ \t]*town)?(?:[ \t]+is|[ \t]*[:=]))[ \t]+"
    r"(?P<town>[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?)"
    r"(?=[ \t]*(?:[.;)\n]|$|,[ \t]*[A-Za-z]{2}\b))")
#: An apartment alone: "lives upstairs in Apt 14"; not "apt 3/2" or "apt 2 weeks" (appointments).
_APT = re.compile(r"(?i:\b(?:apt|apartment)\.?)[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b(?![/:.]\d)"
                  r"(?![ \t]*(?i:weeks?|wks?|days?|months?|mos?|yrs?|years?|hours?|hrs?|am|pm|o'?clock)\b)")
# Alternatives that each start with a letter: the regex engine skips to those capitals (a
# look-ahead first would make it try every position of the note).
_TOWN_END_WORD = re.compile(r"(?:Harbou?r|Falls|Springs|Beach|Mills|Village|Isle|Island|"
                            r"Point|Landing|Junction|Lakes?|Pond|Corner|Crossing|Heights|Ridge)\b")
#: A capitalised word and a place word after a preposition: "Returns to Bar Harbor in May".
_TITLE_TOWN = re.compile(
    r"\b(?:in|from|near|(?i:returns?|returned|returning|moved?|moving|going|goes|headed|heading|drove|"
    r"driving|flew|flying|trip|back|travel(?:s|ed|led|ing)?)[ \t]+to)[ \t]+"
    r"(?P<town>[A-Z][a-z'-]+[ \t](?:Harbor|Harbour|Falls|Springs|Beach|Mills|Village|Isle|Island|Point|"
    r"Landing|Junction|Lakes?|Pond|Corner|Crossing|Heights|Ridge)\b)"
    r"(?![ \t]+(?i:hospital|medical|health|nursing|rehab|clinic|center|centre|manor|house|home|"
    r"apartments|elementary|school|middle|high|road|rd|street|st|ave|avenue|drive|dr|lane|ln)\b)")


def _home_and_apt(text: str, lex: Lexicon, low: str, out: list[Span]) -> None:
    """ "HOME IS CHERRYFIELD;", "Home: Dixmont." (a listed town or words no dictionary knows),
    an apartment number alone, and "to Bar Harbor" (a capitalised word and a place word)."""
    for m in heads_finditer(_HOME_IS, text) if "home" in low else ():
        words = m.group("town").split()
        keys = [w.lower() for w in words]
        joined = " ".join(keys)
        if joined in lex.states or joined in COUNTRIES or any(k in FUNCTION_WORDS for k in keys):
            continue
        if joined in lex.cities or all(k not in lex.common_words and k not in lex.first_names
                                       and not lex.is_medical(k) and len(k) >= 3 for k in keys):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))
    for m in _APT.finditer(text) if "apt" in low or "apartment" in low else ():
        out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.7))
    for m in _TITLE_TOWN.finditer(text) if next(heads_finditer(_TOWN_END_WORD, text), None) else ():
        first = m.group("town").split()[0].lower()
        if m.group("town").lower() not in lex.states and first not in lex.states \
                and not lex.is_medical(first) and first not in FUNCTION_WORDS:
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))


def _more_forms(text: str, lex: Lexicon, low: str, out: list[Span]) -> None:
    """The last three forms of the module docstring."""
    for m in _codes_no_comma(text):
        st = m.group("st")
        if st not in STATE_CODES or st in _CODE_WORDS:
            continue
        words = m.group("town").split()
        if m.group("town").isupper() != st.isupper() and not words[0][0].isupper():
            continue
        if town_ok(words, lex, any_common=True) and not any(w.lower() in lex.first_names for w in words[:1]):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
    if "county" in low:
        for m in _LOWER_COUNTY.finditer(text):
            words = m.group("words").split()
            while words and (words[0] in FUNCTION_WORDS or words[0] in lex.common_words):
                words = words[1:]  # "lives in york county": "york"
            if words and _place_words(words, lex, titled_ok=False):
                start = m.end("words") - len(" ".join(words))
                out.append(Span(start, m.end(), "LOCATION", "places", 0.75))
    if "neighbo" in low or "section of" in low:
        for m in _QUARTER.finditer(text):
            words = m.group("words").split()
            if words[0].lower() == "the":
                words = words[1:]
            if words and _place_words(words, lex, titled_ok=True):
                out.append(Span(m.end("words") - len(" ".join(words)), m.end("words"), "LOCATION",
                                "places", 0.75))
    if "resident" in low:
        for m in _RESIDENT.finditer(text):
            words = m.group("words").split()
            while len(words) > 1 and words[0].lower() in _KIND:
                words = words[1:]  # "a lifelong Lowell resident"
            first = words[0].lower()
            if _place_words(words, lex, titled_ok=False) and (first not in lex.first_names
                                                              or first in lex.cities):
                out.append(Span(m.end("words") - len(" ".join(words)), m.end("words"), "LOCATION",
                                "places", 0.75))


_IN_TOWN = re.compile(r"[ \t]+(?i:in)[ \t]+(?P<town>[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+){0,2})"
                      r"(?=[ \t]*(?:[.,;:)\n]|$|(?:and|with|for|since|until|who|where)\b))")
_MONTHS_DAYS = frozenset("january february march april may june july august september october "
                         "november december jan feb mar apr jun jul aug sep sept oct nov dec monday "
                         "tuesday wednesday thursday friday saturday sunday".split())


def town_after_place_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """A town after a place's name and "in" (the module docstring)."""
    out: list[Span] = []
    for sp in spans:
        if sp.label not in ("HOSPITAL", "LOCATION"):
            continue
        m = _IN_TOWN.match(text, sp.end)
        if m is None:
            continue
        words = m.group("town").split()
        keys = [w.lower() for w in words]
        if any(w[0].isupper() != words[0][0].isupper() or w.isupper() != words[0].isupper() for w in words):
            continue
        if words[0].isupper() and not text[sp.start:sp.end].isupper():
            continue  # "Acme in ICU"
        if any(k in FUNCTION_WORDS or k in _MONTHS_DAYS or k in lex.states
               or (lex.is_medical(k) and k not in _TOWN_ENDS) for k in keys):
            continue
        joined = " ".join(keys)
        if joined in lex.states or joined in COUNTRIES:
            continue
        unknown = any(k not in lex.common_words and k not in lex.first_names for k in keys)
        placey = len(words) > 1 and keys[-1] in _TOWN_ENDS and words[0][0].isupper()
        if joined in lex.cities or placey or (unknown and (words[0][0].isupper()
                                                           or text[sp.start:sp.end].islower())):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))
    return out


#: Last words of two-word town names: "Deer Isle", "Boothbay Harbor".
_TOWN_ENDS = TOWN_ENDS - frozenset("city creek crossing estates grove haven heights hill hills park "
                                   "ridge river rocks valley".split())  # two-word town ends only
_STREET_NAME = (r"[A-Z][A-Za-z'-]+(?:[ \t](?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Lane|Hwy|"
                r"Way|Pl|Place)\b\.?)?")
_CORNER = re.compile(r"\bcorner[ \t]+of[ \t]+(?P<a>" + _STREET_NAME + r")[ \t]+(?:and|&)[ \t]+(?P<b>"
                     + _STREET_NAME + ")")
_ON_ISLAND = re.compile(r"(?i:\b(?:lives?|living|lived|home|house|resides?|residing|moved)\b)[^.\n]{0,30}?"
                        r"\bon[ \t]+(?P<town>[A-Z][a-z]+[ \t](?:Isle|Island))\b")


def town_phrase_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the phrases of the module docstring but the town after a place's name."""
    out: list[Span] = []
    low = text.lower()
    _more_forms(text, lex, low, out)
    _work_and_near_towns(text, lex, out)
    _home_and_apt(text, lex, low, out)
    for m in _CORNER.finditer(text) if "corner" in text else ():  # "corner of Main and Elm"
        for g in ("a", "b"):
            out.append(Span(m.start(g), m.end(g), "LOCATION", "places", 0.75))
    for m in _ON_ISLAND.finditer(text) if "Isl" in text else ():  # "lives with his wife on Deer Isle"
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
    return out
