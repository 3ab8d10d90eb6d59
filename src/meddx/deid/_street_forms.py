"""Street-address shapes that the address rules and ``_street_tails`` leave (session 15, deidplace15).

Letterheads, cc lines and discharge letters write a street address in forms the street word
rules miss:

* **A directional before the street's name, or a longer name**: "3101 SW Sam Jackson Park Rd",
  "240 Hospital Drive NE" (directional after: the tail), "105 US Hwy 80 E".
* **A numbered or lettered avenue** and **Broadway**: "1420 Avenue J", "88 Avenue of the
  Americas" stays out (no capital letter or number right after), "3600 Broadway".
* **A street written with a Spanish or French head word**: "1107 Rue Poché", "Avenida Pico",
  "2 Calle del Sol" (a capitalised name after the head).
* **A street in lower case** with a house number and a plain street word: "114 pecan st",
  "22 maple ave" ("2 packs st", "40 min drive" stay: a unit or clinical word, or no street word
  read in lower case).
* **A ZIP after a state code with no comma**, in letterheads in capitals: "ASTORIA OR 97103".
* **A street before its town and state** (session 16, deidplace16), in any case: a house number
  and one to six words before ", <town>, <state code>" or "<town> <state code> <ZIP>" on the same
  line or the next ("3101 sw sam jackson park rd, portland, or 97239", "240 hospital drive ne,
  bolivia, nc", "1420 avenue j\nbrooklyn, ny 11230"), the town a listed one: the address's
  shape tells the street, whatever its words; no function word in it.

Spans are LOCATION (addresses are LOCATION under the scoring's type map); the merge unions them
with the shorter address spans the rules found.
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import ROUTE_WORDS, STREET_WORDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["not_street_word", "street_form_spans"]

_DIR = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|NORTH|SOUTH|EAST|WEST)"
_SUFFIX = (r"(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Boulevard|Ct|Court|Pl|Place|Way|"
           r"Ter|Terrace|Cir|Circle|Pkwy|Parkway|Hwy|Highway|Trl|Trail|Pike|Loop)")
_NAME = r"(?:[A-Z][A-Za-z'\u2019-]*|\d{1,3}(?:st|nd|rd|th))"
_NUMBER = r"(?<![\w/.:,-])\d{1,6}[A-Za-z]?[ \t]+"
_LONG = re.compile(
    _NUMBER + r"(?:" + _DIR + r"\.?[ \t]+)?" + _NAME + r"(?:[ \t]+" + _NAME + r"){0,3}?[ \t]+"
    r"(?i:" + _SUFFIX + r")\b\.?(?:[ \t]+" + _DIR + r"\b\.?)?")
_HIGHWAY = re.compile(
    _NUMBER + r"(?:(?:US|U\.S\.|State|SR|County|CR)[ \t]+)?(?:Hwy|HWY|Highway|Route|Rte|RTE)\.?[ \t]+"
    r"\d{1,3}[A-Z]?(?:[ \t]+" + _DIR + r"\b\.?)?")
_AVENUE = re.compile(_NUMBER + r"(?:(?:Avenue|AVENUE|Ave\.?|AVE\.?)[ \t]+(?:[A-Z]|\d{1,3})(?![\w'-])|"
                     r"Broadway|BROADWAY)(?![\w'-])")
_FOREIGN = re.compile(
    r"(?<![\w-])(?:\d{1,6}[ \t]+)?(?:Rue|Calle|Avenida|Camino|Paseo)[ \t]+"
    r"(?:(?:de|del|la|las|los|du|des)[ \t]+)?"
    r"[A-Z][A-Za-z'\u2019\u00c0-\u017f-]*(?:[ \t]+[A-Z][A-Za-z'\u2019\u00c0-\u017f-]*)?")
_LOWER = re.compile(
    r"(?<![\w/.:,-])\d{1,5}[ \t]+(?P<w>[a-z][a-z'-]+(?:[ \t]+[a-z][a-z'-]+)?)[ \t]+"
    r"(?:st|street|ave|avenue|rd|road|ln|lane|blvd|boulevard)\b\.?(?=[ \t]*(?:[,.;:)\n]|$))")
#: a street before its town and state (session 16)
_BEFORE_TOWN = re.compile(
    r"\d{1,6}[A-Za-z]?(?P<street>(?:[ \t]+(?:[^\W\d_][\w'\u2019.-]*|\d{1,3}(?:st|nd|rd|th)?)){1,6}?)"
    r"(?=(?:,[ \t]*|[ \t]*\n[ \t]*)(?P<town>[^\W\d_][^\W\d_'.-]*(?:[ \t][^\W\d_][^\W\d_'.-]*){0,2})"
    r"(?:,[ \t]*|[ \t]+)(?P<st>[A-Za-z]{2})(?:[ \t]+\d{5}\b|[ \t]*(?:$|\n|[,.;])))")
_STREET_HEADS = STREET_WORDS | ROUTE_WORDS | frozenset(
    "trl trail pike loop bend broadway rue calle avenida camino paseo alley run pass crossing path "
    "walk square sq".split())
#: heads written before the street's name ("rue tarrow", "calle del sol", "avenue j")
_LEADING_HEADS = frozenset("rue calle avenida camino paseo avenue ave".split())
_DIRECTIONS = frozenset("n s e w ne nw se sw north south east west".split())
_NAME_AFTER = re.compile(r"[ \t]*[A-Z]")
_CODE_ZIP = re.compile(r"\b(?P<st>[A-Z]{2})[ \t]+(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
_CANDIDATE = re.compile(r"\d{1,6}[A-Za-z]?[ \t]+[A-Za-z]")
_NOT_BEFORE = frozenset("0123456789/.:,-_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_FOREIGN_HEADS = ("Rue", "Calle", "Avenida", "Camino", "Paseo")
#: words of a count or a stretch of time, never a street's name in lower case ("2 more days st.
#: then home": st is speech therapy there)
_QUANTITY = frozenset(
    "more less extra other few day days hr hrs hour hours wk wks week weeks mo mos month months yr "
    "yrs year years min mins minute minutes time times dose doses unit units tab tabs pill pills "
    "pack packs block blocks mile miles step steps ft feet lap laps session sessions visit visits "
    "shift shifts night nights daily nightly weekly monthly once twice".split())


def not_street_word(word: str, lex: Lexicon) -> bool:
    """A lower-case word no street's name holds after a house number: a function, count or
    clinical word, a verb in -ed ("18 received st. thomas") or a plural count noun ("2 residents
    dr. patel", "2 puffs daily st."); a listed name stays ("Alfred St", "Brooks Ave")
    (reviewer, session 15)."""
    w = word.lower()
    if w in FUNCTION_WORDS or w in _QUANTITY or lex.is_medical(w):
        return True
    if w in lex.first_names or w in lex.last_names:
        return False
    if len(w) > 4 and w.endswith("ed") and w in lex.common_words:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith("ss") and w[:-1] in lex.common_words


def _street_words(street: str, lex: Lexicon) -> bool:
    """Whether the words after a house number read as a street: a street word ("rd", "loop", "bend",
    "avenue") last or followed only by a compass word, a letter or a number ("avenue j", "loop 256
    s") or written first ("rue tarrow"), at least one name word besides it, and no function, count or
    clinical word but a listed name or a letter ("sam", "avenue j"; "40 mg daily, Salem, OR", "2
    tabs, Boston, MA" stay). A count and a street word are no street: "2 loop diuretics", "3 ct", "1
    way" (reviewer, session 16)."""
    words = [w.lower().rstrip(".") for w in street.split()]
    heads = [i for i, w in enumerate(words) if w in _STREET_HEADS]
    if not heads or all(w in _DIRECTIONS for i, w in enumerate(words) if i != heads[-1]):
        return False  # no name besides the head ("3 ct", "2 dr", "1 way", "4 s loop")
    if words[0] not in _LEADING_HEADS and not all(
            w in _DIRECTIONS or len(w) == 1 or w.isdigit() for w in words[heads[-1] + 1:]):
        return False  # "2 loop diuretics", "1 way trip"; "1107 rue tarrow" has its head first
    return not any(w in FUNCTION_WORDS or w in _QUANTITY or lex.is_medical(w) and len(w) > 1
                   and w not in _STREET_HEADS and w not in _DIRECTIONS and w not in lex.first_names
                   and w not in lex.last_names for w in words if not w[:1].isdigit())


def _town_state(m: re.Match[str], lex: Lexicon) -> bool:
    """Whether a match of ``_BEFORE_TOWN`` is followed by a listed town and a state code."""
    town = m.group("town").lower()
    return m.group("st").lower() in lex.states and (town in lex.cities or town in gazetteer().towns)


def street_form_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the address shapes of the module docstring."""
    out: list[Span] = []
    # one scan for a house number before a word; the shapes are matched only there (CPU)
    for c in _CANDIDATE.finditer(text):
        at = c.start()
        if at and text[at - 1] in _NOT_BEFORE:
            continue
        for pattern in (_LONG, _HIGHWAY, _AVENUE):
            m = pattern.match(text, at)
            if m is None:
                continue
            if pattern is _LONG and (_NAME_AFTER.match(text, m.end())
                                     and m.group().rstrip(".").split()[-1].lower() in ("dr", "st")
                                     or any(w.lower() in FUNCTION_WORDS for w in m.group().split()[1:-1])):
                continue  # "4 West Dr. Smith", "2050 INTUBATED BY DR KOWAL": a ward or a time
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
        m = _LOWER.match(text, at)
        if m is not None and not any(not_street_word(w, lex) for w in m.group("w").split()):
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.7))
        m = _BEFORE_TOWN.match(text, at)
        if m is not None and _town_state(m, lex) and _street_words(m.group("street"), lex):
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
    if any(h in text for h in _FOREIGN_HEADS):
        out += [Span(m.start(), m.end(), "LOCATION", "places", 0.75) for m in _FOREIGN.finditer(text)]
    for m in _CODE_ZIP.finditer(text):
        j = m.start()  # a word, blanks, then the code: read back over the blanks only
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j < m.start() and j > 0 and text[j - 1].isalpha() \
                and m.group("st").lower() in lex.states:
            out.append(Span(m.start("zip"), m.end("zip"), "ZIP", "places", 0.8))
    return out
