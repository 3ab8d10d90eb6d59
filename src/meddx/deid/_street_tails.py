"""Street addresses' tails, rural routes and bare street names that the address rules leave.

* **The tail of a street address**: a directional after the street word, then units and
  floors, then the town (and a state or ZIP) after a comma: "5540 Xerxes Ave S, Minneapolis
  55410", "45 CHANDLER ST 2ND FL, WORCESTER", "1188 Oak Hollow Dr NW, Bldg 4, Renton",
  "2 Cleveland Road West". The town needs a capital and one word that is no common word
  (or a listed city) unless a state or ZIP follows it; "12 Elm St, lives alone" stays.
* **A ZIP right after such a town**, with no state between ("Minneapolis 55410").
* **Rural routes and highway contract routes with a box**: "Rt 2 Box 118", "RR 1, Box 22",
  "HC 63 Box 9", "Rural Route 4 Box 17A", and the town after them.
* **A street without a house number but with a directional or an ordinal**, after a place
  word: "on W Sunset Ave", "ON W 26TH ST", "off East Main Street", "at 5th Ave". "on 2nd
  floor", "W to the ED", "at 5 pm" stay (no street word, or no name before it).
* **Neighbourhoods named by a direction**: "grew up in the South End", "lives on the Lower East
  Side", "from the North Side"; "on the left side", "the east end of the ward" stay (no capitals).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._place_forms import town_ok
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = ["SUFFIX_KEYS", "street_tail_spans"]

_SUFFIX = (r"(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane|blvd|boulevard|ct|court|pl|place|way|"
           r"ter|terrace|cir|circle|pkwy|parkway|hwy|highway|sq|square|trl|trail|pike|row|loop)")
#: A directional written as such: capital letters or a capitalised word, never lower case.
#: The street words of ``_SUFFIX`` as token keys: a note without one skips the address scan.
SUFFIX_KEYS = frozenset(_SUFFIX.strip("(?:)").split("|"))
_DIR = r"(?:[NSEW]|N[EW]|S[EW]|North|South|East|West|NORTH|SOUTH|EAST|WEST)"
_UNIT = (r"(?:(?:apt|apartment|unit|suite|ste|bldg|building|rm|room|lot|trlr|fl|flr|floor)\.?"
         r"[ \t]*#?[ \t]*(?:\d{1,5}[A-Za-z]?|[A-Za-z]\d{0,4})\b"
         r"|#[ \t]*\d{1,5}[A-Za-z]?\b|\d{1,2}(?:st|nd|rd|th)[ \t]+(?:fl|flr|floor)\b\.?)")
#: Read back from a street word: a house number, an optional directional, one to three words.
_ADDRESS_BEFORE = re.compile(
    r"(?<![\w/.:-])\d{1,6}[A-Za-z]?[ \t]+(?:" + _DIR + r"\.?[ \t]+)?"
    r"(?P<words>(?:[A-Za-z0-9][A-Za-z0-9'-]*[ \t]+){1,3})$")
#: After the street word: a directional, then units and floors.
_TAIL = re.compile(r"\.?(?P<tail>(?:[ \t]+" + _DIR + r"\b\.?)?(?:,?[ \t]*(?i:" + _UNIT + r"))*)")
_TOWN_WORD = r"(?:(?:St|ST|Ft|FT|Mt|MT)\.|[A-Z][A-Za-z'-]+)"
_STATES = ("alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|"
           "georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|"
           "massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|"
           "new[ \t]hampshire|new[ \t]jersey|new[ \t]mexico|new[ \t]york|north[ \t]carolina|"
           "north[ \t]dakota|ohio|oklahoma|oregon|pennsylvania|rhode[ \t]island|south[ \t]carolina|"
           "south[ \t]dakota|tennessee|texas|utah|vermont|virginia|washington|west[ \t]virginia|"
           "wisconsin|wyoming")
#: After the comma: a town of one to three words, a state, a ZIP, then the clause ends.
_TOWN = re.compile(
    r",[ \t]*(?P<town>" + _TOWN_WORD + r"(?:[ \t]+" + _TOWN_WORD + r"){0,2}?)"
    r"(?:,?[ \t]+(?P<st>[A-Z]{2}|(?i:" + _STATES + r"))\b\.?)?"
    r"(?:,?[ \t]+(?P<zip>\d{5}(?:-\d{4})?))?"
    r"(?(zip)(?![\w-])|(?=[ \t]*(?:[.,;:)\n]|$|(?i:with|and|for|since|until|in|on|to|w/|where)\b)))"
)
_RURAL = re.compile(
    r"(?i:\b(?:r\.?r\.?|rural[ \t]+route|rt|rte|route|h\.?c\.?|star[ \t]+route))[ \t]*#?[ \t]*\d{1,3}"
    r"[ \t]*,?[ \t]*(?i:box)[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b"
)
#: A street named with a directional or an ordinal, after a place word; no house number. It is
#: read back from the street word.
_BARE_BEFORE = re.compile(
    r"\b(?i:on|off|onto|along|near|at|of|to|from)[ \t]+(?P<st>"
    r"(?:" + _DIR + r"\.?[ \t]+(?:[A-Z][A-Za-z'-]+|\d{1,3}(?i:st|nd|rd|th))"
    r"(?:[ \t][A-Z][A-Za-z'-]+)?|\d{1,3}(?i:st|nd|rd|th))[ \t]+)$"
)
_BARE_SUFFIXES = frozenset(
    "st street ave avenue rd road blvd boulevard pl place ter terrace pkwy parkway".split())


_QUARTER = re.compile(
    r"\b(?i:in|from|on|near|to|of|off)[ \t]+(?:the|THE)[ \t]+(?P<q>(?:North|South|East|West|Upper|Lower|Near)"
    r"(?:[ \t](?:North|South|East|West))?[ \t]+(?:End|Side))\b")


def _town(text: str, at: int, lex: Lexicon, out: list[Span]) -> None:
    m = _TOWN.match(text, at)
    if m is None:
        return
    words = m.group("town").split()
    st = m.group("st")
    stated = st is not None and (st.isupper() or " ".join(st.lower().split()) in lex.states)
    if not town_ok(words, lex, any_common=stated or m.group("zip") is not None):
        return
    if words[0].lower() in lex.first_names and len(words) == 1 and not stated and not m.group("zip") \
            and words[0].lower() not in lex.cities:
        return  # "12 Elm St, Mary visits": a person, not a town
    out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
    if m.group("zip"):
        out.append(Span(m.start("zip"), m.end("zip"), "LOCATION", "places", 0.8))


def _street_words(words: str, lex: Lexicon) -> bool:
    """Words that may name a street: no function word, no clinical word ("2 mg IV per Dr")."""
    return not any(w.lower() in FUNCTION_WORDS or (not w[0].isdigit() and lex.is_medical(w.lower()))
                   for w in words.split())


def street_tail_spans(text: str, lex: Lexicon, toks: list[Token],
                      keys: frozenset[str] | set[str]) -> list[Span]:
    """Spans of the forms of the module docstring (``keys``: the lower-cased words of ``toks``)."""
    out: list[Span] = []
    suffix = not keys.isdisjoint(SUFFIX_KEYS)
    if (suffix or "box" in keys) and any(c.isdigit() for c in text):
        for t in toks if suffix else ():
            if t.key not in SUFFIX_KEYS or (t.start and text[t.start - 1].isdigit()):
                continue  # "1st", "2nd": no street word
            m = _ADDRESS_BEFORE.search(text, max(0, t.start - 64), t.start)
            if m is None or not _street_words(m.group("words"), lex):
                continue
            tail = _TAIL.match(text, t.end)
            if tail.group("tail"):
                out.append(Span(m.start(), tail.end(), "LOCATION", "places", 0.75))
            _town(text, tail.end(), lex, out)
        for m in _RURAL.finditer(text) if "box" in keys else ():
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
            _town(text, m.end(), lex, out)
    if "end" in keys or "side" in keys:
        out += [Span(m.start("q"), m.end("q"), "LOCATION", "places", 0.7) for m in _QUARTER.finditer(text)]
    for t in toks if not keys.isdisjoint(_BARE_SUFFIXES) else ():
        if t.key in _BARE_SUFFIXES:
            m = _BARE_BEFORE.search(text, max(0, t.start - 48), t.start)
            if m is not None:
                out.append(Span(m.start("st"), t.end + t.dot, "LOCATION", "places", 0.7))
    return out
