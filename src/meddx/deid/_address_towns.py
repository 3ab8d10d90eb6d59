"""Towns and streets in address forms the other rules leave (session 10, deidloc10).

* **A town between a street word and a state code with a ZIP**, no comma after the street:
  "14 Elm St Lowell MA 01852", "22 OAK AVE. NORTH ANDOVER, MA 01845". Found from the rare
  "code ZIP" tail, read back along its line.
* **A town in a form's city field**: "City: Tewksbury  State: MA", "TOWN: DRACUT", "city/town:
  lowell". The value must be a listed city or words no dictionary knows ("City: same" stays).
* **Both roads of an intersection or junction**: "intersection of Rte 3 and Rte 113",
  "junction of Main St & Pleasant", "at the intersection of Boston Rd and I-495".
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import COUNTRIES, STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["address_town_spans"]

_CAPW = r"[A-Z][A-Za-z'\u2019-]*[A-Za-z]"
#: a state code and a ZIP (a space before: a quick scan from the blanks)
_CODE_ZIP = re.compile(r"[ \t](?P<st>[A-Z]{2}),?[ \t]+\d{5}(?:-\d{4})?(?![\w-])")
_STREET_THEN_TOWN = re.compile(
    r"\b(?i:st|street|ave|avenue|rd|road|ln|lane|dr|drive|ct|court|way|blvd|boulevard|hwy|pl|place|"
    r"ter|terrace|cir|circle|pkwy|parkway)\.?,?[ \t]+"
    rf"(?P<town>{_CAPW}(?:[ \t]{_CAPW}){{0,2}})$")
_FIELD = re.compile(r"(?i:city|town)(?:[ \t]*/[ \t]*(?i:town|city))?[ \t]*:[ \t]*"
                    r"(?P<town>[A-Za-z][A-Za-z'-]*[A-Za-z](?:[ \t][A-Za-z][A-Za-z'-]*[A-Za-z]){0,2})"
                    r"(?=[ \t]*(?:$|\n|,|;|[ \t]{2}|\t|[ \t](?i:state|st|zip)\b))", re.MULTILINE)
_ROAD = (r"(?:(?:Rte|Rt|Route|RTE|RT|ROUTE|Hwy|HWY|Highway)\.?[ \t]?\d{1,3}[A-Z]?|I-?\d{1,3}|"
         rf"{_CAPW}(?:[ \t]{_CAPW})?(?:[ \t](?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Ln|Hwy|Way|Pkwy)\.?)?)")
_STREET_WORDS = frozenset("st street ave avenue rd road blvd dr ln hwy way pkwy".split())
_JUNCTION = re.compile(r"(?i:intersection|junction)[ \t]+of[ \t]+(?:the[ \t]+)?"
                       rf"(?P<a>{_ROAD})[ \t]+(?:and|&)[ \t]+(?P<b>{_ROAD})")


def _name_ok(words: list[str], lex: Lexicon) -> bool:
    """Words that may name a town: a listed city, or words that are no function, common or
    clinical word, state or country."""
    keys = [w.lower() for w in words]
    joined = " ".join(keys)
    if joined in lex.states or joined in COUNTRIES or any(k in FUNCTION_WORDS for k in keys):
        return False
    return joined in lex.cities or not any(
        k in lex.common_words or lex.is_medical(k) or k in lex.states for k in keys)


def _street_towns(text: str, lex: Lexicon, out: list[Span]) -> None:
    for c in _CODE_ZIP.finditer(text):
        if c.group("st") not in STATE_CODES:
            continue
        at = c.start() - (text[c.start() - 1] == ",") if c.start() else 0  # "Lowell, MA 01852"
        line = text.rfind("\n", 0, at) + 1
        m = _STREET_THEN_TOWN.search(text, max(line, at - 60), at)
        if m is not None and _name_ok(m.group("town").split(), lex):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))


def _fields(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    for m in heads_finditer(_FIELD, text, low):
        if m.start() and text[m.start() - 1].isalpha():
            continue  # "Ethnicity: ..." holds "city:"
        words = m.group("town").split()
        if _name_ok(words, lex):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))


def _junctions(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    for m in heads_finditer(_JUNCTION, text, low):
        streets = [_street(m.group(g)) for g in ("a", "b")]
        for g, street in zip(("a", "b"), streets, strict=True):
            # "junction of Main St & Pleasant": beside a street, a common word names one too
            if street or any(streets) or _name_ok(m.group(g).split(), lex):
                out.append(Span(m.start(g), m.end(g), "LOCATION", "places", 0.7))


def _street(road: str) -> bool:
    """A route number or a name with a street word."""
    return road[-1].isdigit() or road.split()[-1].rstrip(".").lower() in _STREET_WORDS


def address_town_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the towns and roads of the module docstring."""
    out: list[Span] = []
    _street_towns(text, lex, out)
    low = text.lower()
    if ":" in text and ("city" in low or "town" in low):
        _fields(text, low, lex, out)
    if "ntersection" in low or "unction" in low:
        _junctions(text, low, lex, out)
    return out
