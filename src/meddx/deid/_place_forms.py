"""Addresses, towns and ZIP codes in the forms of forms and social histories, which the
street-word rules miss.

* **A house number and a name without a street word** after an address cue: "lives at 14
  maple w/ wife", "address on file 221 OAK APT 4", "home is 6 church, jay"; anywhere with a
  unit after it: "221 Oak apt 4", "35 Ridge Unit 3B". "lives at 2 story house", "lives at
  10 steps to enter", "resides at 3rd floor" stay (measures and storeys).
* **The town after a box or a unit, before a state or ZIP**: "po box 221, turner me",
  "412 n main st apt b, old town, me 04468", "PO BOX 88, MARS HILL ME 04758".
* **A town and ZIP before and after a state code**: "Mars Hill ME 04758", "Searsport, ME
  04974-3310", "Bangor Maine 04401": the ZIP, and the town back to a comma, a number, a cue
  or the line's start. "Patient ID 12345", "OR 12345" stay.
* **A lower-case town before a lower-case state code or name**: "pt is from lowell, ma, moved",
  "lives in keene, nh with", "from keene, new hampshire."; codes that are also words ("me",
  "in", "or", "ok", "hi", "pa") only in the forms above.
* **A town and ZIP after a street without commas** ("112 WATER ST SKOWHEGAN 04976").
* Phrases around towns (a code without a comma, counties, neighbourhoods, residents, "works in",
  "near", "home is", apartments, islands, corners, a town after a place): ``_town_phrases``.
"""

from __future__ import annotations

import re

from meddx.deid._ascii import ascii_for
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["place_form_spans", "town_ok"]

#: A unit: its word and a space, "#" or a digit, then its number or letter ("apt 4", "Unit 3B",
#: "#12", "apt. b"); not "units", "unit is".
_UNIT_NO = r"(?:\d{1,5}[A-Za-z]?|[A-Za-z]\d{0,3})\b(?![ \t]*[A-Za-z]{2})"
_UNIT = (r"(?:(?:apt|apartment|unit|suite|ste|lot|trlr)\.?(?:[ \t]*#[ \t]*|[ \t]+|(?=\d))|#[ \t]*(?=\d))"
         + _UNIT_NO)
_ADDRESS_CUE = (r"(?i:(?=[lrhamst])\b(?:lives?|living|lived|resides?|residing|residence|home(?:[ \t]+is)?|"
                r"house|address(?:[ \t]+on[ \t]+file)?|addr|mail(?:ing)?(?:[ \t]+address)?|"
                r"mail[ \t]+to|moved|staying|stays|located)(?:[ \t]+(?:at|to|is|on|of))?[ \t]*[:=-]?)")
#: After an address cue: a house number, one or two words, an optional unit, then the clause ends.
# Here and below the look-behind comes after the first digit ("(?<![\w-]\d)" after "\d" is
# "(?<![\w-])" before it): a pattern that starts with a digit lets the regex engine skip to
# the digits; one that starts with a look-behind is tried at every position.
_NUMBER_WORD = re.compile(r"\d(?<![\w/.:-]\d)\d{0,4}[A-Za-z]?[ \t]+[A-Za-z]")
#: The cue, matched on the text before a house number.
_ADDRESS_CUE_END = re.compile(_ADDRESS_CUE + r"[ \t]*$")
_CUED_ADDRESS = re.compile(
    r"(?P<addr>\d{1,5}[A-Za-z]?[ \t]+(?P<words>[A-Za-z][A-Za-z'-]*"
    r"(?:[ \t]+[A-Za-z][A-Za-z'-]*)?)(?:,?[ \t]+(?i:" + _UNIT + r"))?)"
    r"(?=[ \t]*(?:[.,;:)\n]|$|w/|(?i:with|and|alone|in|near|since|for)\b))")
#: Anywhere: a house number, one or two words and a unit ("221 OAK APT 4").
_UNIT_ADDRESS = re.compile(
    r"(?<![\w/.:-])(?P<addr>\d{1,5}[A-Za-z]?[ \t]+(?P<words>[A-Za-z][A-Za-z'-]*"
    r"(?:[ \t]+[A-Za-z][A-Za-z'-]*)?),?[ \t]+(?i:" + _UNIT + r"))(?![.\w/-])")
#: Words after a house number that make it a measure, a count or a storey, not an address.
_NOT_STREET = frozenset(
    "story stories storey storeys floor floors level levels step steps stair stairs flight "
    "flights ft feet foot mile miles mi km min mins minute minutes hour hours hr hrs h day days "
    "week weeks wk wks month months mo mos year years yr yrs yo am pm mg kg lb lbs ml cm mm "
    "units unit times x kids children people persons cats dogs pets family bedroom bedrooms br "
    "bed beds room rooms person adults sons daughters grandchildren other others more less "
    "west east north south the a an of and or with w blocks block houses doors door o'clock oclock "
    "different separate other".split())
#: Box, unit or lot numbers ending an address, then a comma: the town may follow.
_BOX_OR_UNIT = re.compile(
    r"(?i:(?=[pausltr#])(?:\bp\.?[ \t]?o\.?[ \t]*box[ \t]+\d{1,6}|\b" + _UNIT + r"))[ \t]*,[ \t]*")
_STATE_NAMES = ("alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|"
                "georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|"
                "maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|"
                "nevada|new[ \t]hampshire|new[ \t]jersey|new[ \t]mexico|new[ \t]york|"
                "north[ \t]carolina|north[ \t]dakota|ohio|oklahoma|oregon|pennsylvania|"
                "rhode[ \t]island|south[ \t]carolina|south[ \t]dakota|tennessee|texas|utah|vermont|"
                "virginia|washington|west[ \t]virginia|wisconsin|wyoming")
#: A word of a town's name: a period only after "St", "Ft", "Mt" ("St. Albans"; not "Kennebunk.").
_TOWN_WORD = r"(?:(?i:st|ft|mt)\.|[A-Za-z][A-Za-z'-]*)"
#: A town of one to three words, then a state (code or name), a ZIP, or the clause's end.
_TOWN_AFTER = re.compile(
    r"(?P<town>" + _TOWN_WORD + r"(?:[ \t]+" + _TOWN_WORD + r"){0,2}?)"
    r"(?:,?[ \t]+(?P<st>[A-Za-z]{2}|(?i:" + _STATE_NAMES + r"))\b\.?)?"
    r"(?:,?[ \t]+(?P<zip>\d{5}(?:-\d{4})?))?"
    r"(?=[ \t]*(?:[.,;)\n]|$|(?:in|on|for|at|and|with|w/|since|until|to)\b))")
#: A ZIP, and a state (code or name) right before it (matched on the text before the ZIP).
_ZIP = re.compile(r"\d(?<![\w-]\d)\d{4}(?:-\d{4})?(?![\w-])")
_STATE_BEFORE = re.compile(r"(?<![\w-])(?P<st>[A-Za-z]{2}|(?i:" + _STATE_NAMES + r"))\.?,?[ \t]+$")
#: Codes that are also words or ids: only after a comma, or as part of the forms above.
_WORDLIKE_CODES = frozenset("ID OR IN ME OK HI PA MD DE LA CO MS MT AL OH NE".split())
#: Words that may not be a town: record fields and people.
_NOT_TOWN = frozenset("patient pt pts mrn acct account id member policy zip code box phone tel "
                      "fax pager room bed unit apt suite lot po address addr state "
                      "dob ssn no number".split())
_LOWER_TOWN_CODE = re.compile(
    r"(?<![\w-])(?P<cue>from|in|of|near|to)[ \t]+(?P<town>[a-z][a-z'-]+(?:[ \t][a-z][a-z'-]+){0,2}),"
    r"[ \t]*(?P<st>[a-z]{2}|" + _STATE_NAMES + r")\b"
    r"(?=[ \t]*(?:[.,;)\n]|$|(?:and|with|w/|since|for|until|now|then)\b))")
_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
#: What may stand before a town: a house or box number ("88 Elm", not "E2") or a cue word.
_BOUND = re.compile(r"(?i)(?:(?<![\w.-])\d{1,6}[A-Za-z]?|\b(?:in|from|to|at|of|near))[ \t]*$")


def _is_state(word: str, lex: Lexicon) -> bool:
    return " ".join(word.lower().split()) in lex.states


def town_ok(words: list[str], lex: Lexicon, any_common: bool) -> bool:
    """Words that may name a town: none clinical, a function word, a record field or a state;
    with ``any_common`` false, one no common word (or a listed city)."""
    keys = [w.lower().strip(".") for w in words]
    if not keys or any(k in FUNCTION_WORDS or k in _NOT_TOWN or lex.is_medical(k) or k in lex.states
                       for k in keys):
        return False
    return any_common or " ".join(keys) in lex.cities or any(k not in lex.common_words for k in keys)


def _street_words_ok(words: str, lex: Lexicon) -> bool:
    """Words after a house number that may name a street: no measure, count, clinical word
    nor plural common noun ("2 different shelters")."""
    keys = [w.lower() for w in words.split()]
    last = keys[-1]
    plural = last.endswith("s") and last in lex.common_words and last[:-1] in lex.common_words
    return not plural and not any(k in _NOT_STREET or k in FUNCTION_WORDS or lex.is_medical(k)
                                  for k in keys)


def _addresses(text: str, lex: Lexicon, out: list[Span]) -> list[int]:
    """Bare addresses (the first two forms of the module docstring); their ends."""
    ends = []
    low = text.lower()
    # the cued form: from each house number followed by a word, the cue read before it
    found = [m for n in ascii_for(_NUMBER_WORD, text).finditer(text)
             if _ADDRESS_CUE_END.search(text, max(0, n.start() - 40), n.start()) is not None
             and (m := _CUED_ADDRESS.match(text, n.start())) is not None]
    if "apt" in low or "unit" in low or "apartment" in low or "#" in text:
        found += list(ascii_for(_UNIT_ADDRESS, text).finditer(text))
    for m in found:
        if not _street_words_ok(m.group("words"), lex):
            continue
        out.append(Span(m.start("addr"), m.end("addr"), "LOCATION", "places", 0.75))
        ends.append(m.end("addr"))
    return ends


def _towns_after(text: str, lex: Lexicon, starts: list[int], out: list[Span]) -> None:
    """The town (state and ZIP) after a box, a unit or a bare address and a comma; a second
    one after a complex's name ("Apt 12, Birchwood Commons, Kennebunk.")."""
    starts = list(starts)
    second: set[int] = set()
    for at in starts:
        m = _TOWN_AFTER.match(text, at)
        if m is None:
            continue
        if at in second and not m.group("town")[0].isupper():
            continue
        words = _WORD.findall(m.group("town"))
        st = m.group("st")
        stated = st is not None and (_is_state(st, lex) or st.upper() in STATE_CODES)
        if not (stated or m.group("zip")) and not text[m.start():m.start() + 1].isupper():
            continue  # "apt 4, lives alone": a town without a state or ZIP is capitalised
        if not town_ok(words, lex, any_common=stated or m.group("zip") is not None):
            continue
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
        if m.group("zip"):
            out.append(Span(m.start("zip"), m.end("zip"), "LOCATION", "places", 0.8))
        elif st is None and at not in second and text.startswith(",", m.end()):
            nxt = m.end() + 1 + len(text[m.end() + 1:]) - len(text[m.end() + 1:].lstrip(" \t"))
            second.add(nxt)
            starts.append(nxt)


def _town_before(text: str, lex: Lexicon, end: int) -> tuple[int, int] | None:
    """The town that ends at ``end`` (before a state): back over at most three words to a
    comma, a number, a cue word or the line's start."""
    line = text.rfind("\n", 0, end) + 1
    words = list(_WORD.finditer(text, max(line, end - 40), end))
    run: list[re.Match[str]] = []
    for w in reversed(words):
        nxt = run[-1].start() if run else end
        gap = text[w.end():nxt]
        if gap.strip(" \t,") != "" or (run and "," in gap):
            break
        if w.group().lower() in FUNCTION_WORDS or len(run) == 3:
            break
        run.append(w)
    if not run:
        return None
    run.reverse()
    before = text[max(line, run[0].start() - 12):run[0].start()]
    bounded = (not before.strip() or before.rstrip()[-1:] in ",:;(-"
               or _BOUND.search(before) is not None)
    if not bounded or not town_ok([w.group() for w in run], lex, any_common=True):
        return None
    return run[0].start(), run[-1].end()


def _state_zips(text: str, lex: Lexicon, out: list[Span]) -> None:
    for z in ascii_for(_ZIP, text).finditer(text):
        m = _STATE_BEFORE.search(text, max(0, z.start() - 20), z.start())
        if m is None:
            continue
        st = m.group("st")
        comma = text[:m.start()].rstrip(" \t").endswith(",")
        if len(st) == 2:
            if st.upper() not in STATE_CODES:
                continue
            if st != st.upper() and not comma:
                continue  # "gave me 10000 units"
            if st.upper() in _WORDLIKE_CODES and not comma and not st.isupper():
                continue
        town = _town_before(text, lex, len(text[:m.start()].rstrip(" \t,")))
        if town is None and (len(st) > 2 or st.upper() in _WORDLIKE_CODES or not comma):
            continue  # "Patient ID 12345", "OR 12345", "(P < 0.01). SC 19220"
        if town is not None:
            out.append(Span(town[0], town[1], "LOCATION", "places", 0.75))
        out.append(Span(z.start(), z.end(), "LOCATION", "places", 0.8))


def _lower_town_codes(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in heads_finditer(_LOWER_TOWN_CODE, text):
        code = m.group("st").upper()
        if len(code) == 2 and (code not in STATE_CODES or code in _WORDLIKE_CODES):
            continue
        words = m.group("town").split()
        if not town_ok(words, lex, any_common=len(words) == 1 and words[0] in lex.cities):
            continue
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))


#: A house number and a street, then a town and a ZIP without commas: "112 WATER ST SKOWHEGAN
#: 04976".
_STREET_TOWN_ZIP = re.compile(
    r"\d(?<![\w.-]\d)\d{0,4}[ \t]+[A-Za-z][A-Za-z'-]*(?:[ \t][A-Za-z][A-Za-z'-]*)?[ \t]+"
    r"(?i:st|street|ave|avenue|"
    r"rd|road|ln|lane|dr|drive|ct|court|way|blvd|hwy|pl|place|ter|terrace)\.?[ \t]+"
    r"(?P<town>[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?)[ \t]+(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")

_DIGITS5 = re.compile(r"\d{5}")


def place_form_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the addresses, towns and ZIP codes of the module docstring."""
    out: list[Span] = []
    ends = _addresses(text, lex, out) if any(c.isdigit() for c in text) else []
    starts = [m.end() for m in ascii_for(_BOX_OR_UNIT, text).finditer(text)] if "," in text else []
    starts += [e + len(text[e:]) - len(text[e:].lstrip(" \t,")) for e in ends
               if text[e:].lstrip(" \t")[:1] == ","]
    _towns_after(text, lex, sorted(set(starts)), out)
    if _DIGITS5.search(text):
        _state_zips(text, lex, out)
    if "," in text:
        _lower_town_codes(text, lex, out)
    for m in ascii_for(_STREET_TOWN_ZIP, text).finditer(text) if _DIGITS5.search(text) else ():
        if town_ok(m.group("town").split(), lex, any_common=True):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
            out.append(Span(m.start("zip"), m.end("zip"), "LOCATION", "places", 0.8))
    return out
