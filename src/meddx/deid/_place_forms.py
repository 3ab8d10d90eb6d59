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
* **A town and a state code without a comma after a cue**: "PT FROM PRESQUE ISLE ME,",
  "from Bangor ME." ("seen by Smith MD", "in ICU PA" stay).
* **A town after a place's name and "in"**: "Pioneer Plastics in Auburn", "St. Kolbe church
  in Scarborough", "woodlands memory care in veazie" (a listed or unknown word; "Mercy Hospital
  in April", "Acme in Maine" stay).
* **An island after "lives ... on"** ("lives with his wife on Deer Isle"), and **a town and ZIP
  after a street without commas** ("112 WATER ST SKOWHEGAN 04976").
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

from meddx.deid._home_places import COUNTRIES
from meddx.deid._lexicon import Lexicon
from meddx.deid._patterns_ids import STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, tokenize

__all__ = ["place_form_spans", "town_after_place_spans"]

#: A unit: its word and a space, "#" or a digit, then its number or letter ("apt 4", "Unit 3B",
#: "#12", "apt. b"); not "units", "unit is".
_UNIT_NO = r"(?:\d{1,5}[A-Za-z]?|[A-Za-z]\d{0,3})\b(?![ \t]*[A-Za-z]{2})"
_UNIT = (r"(?:(?:apt|apartment|unit|suite|ste|lot|trlr)\.?(?:[ \t]*#[ \t]*|[ \t]+|(?=\d))|#[ \t]*(?=\d))"
         + _UNIT_NO)
_ADDRESS_CUE = (r"(?i:(?=[lrhamst])\b(?:lives?|living|lived|resides?|residing|residence|home(?:[ \t]+is)?|"
                r"house|address(?:[ \t]+on[ \t]+file)?|addr|mail(?:ing)?(?:[ \t]+address)?|"
                r"mail[ \t]+to|moved|staying|stays|located)(?:[ \t]+(?:at|to|is|on|of))?[ \t]*[:=-]?)")
#: After an address cue: a house number, one or two words, an optional unit, then the clause ends.
_NUMBER_WORD = re.compile(r"(?<![\w/.:-])\d{1,5}[A-Za-z]?[ \t]+[A-Za-z]")
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
_ZIP = re.compile(r"(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])")
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


def _town_ok(words: list[str], lex: Lexicon, any_common: bool) -> bool:
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
    found = [m for n in _NUMBER_WORD.finditer(text)
             if _ADDRESS_CUE_END.search(text, max(0, n.start() - 40), n.start()) is not None
             and (m := _CUED_ADDRESS.match(text, n.start())) is not None]
    if "apt" in low or "unit" in low or "apartment" in low or "#" in text:
        found += list(_UNIT_ADDRESS.finditer(text))
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
        if not _town_ok(words, lex, any_common=stated or m.group("zip") is not None):
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
    if not bounded or not _town_ok([w.group() for w in run], lex, any_common=True):
        return None
    return run[0].start(), run[-1].end()


def _state_zips(text: str, lex: Lexicon, out: list[Span]) -> None:
    for z in _ZIP.finditer(text):
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
    for m in _LOWER_TOWN_CODE.finditer(text):
        code = m.group("st").upper()
        if len(code) == 2 and (code not in STATE_CODES or code in _WORDLIKE_CODES):
            continue
        words = m.group("town").split()
        if not _town_ok(words, lex, any_common=len(words) == 1 and words[0] in lex.cities):
            continue
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))


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
_TOWN_END_WORD = re.compile(r"(?=[HFSBMVIPLJCR])(?:Harbou?r|Falls|Springs|Beach|Mills|Village|Isle|Island|"
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
    for m in _HOME_IS.finditer(text) if "home" in low else ():
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
    for m in _TITLE_TOWN.finditer(text) if _TOWN_END_WORD.search(text) else ():
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
        if _town_ok(words, lex, any_common=True) and not any(w.lower() in lex.first_names for w in words[:1]):
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
_TOWN_ENDS = frozenset("isle island harbor harbour falls springs bay beach mills village center "
                       "junction landing point".split())
_STREET_NAME = (r"[A-Z][A-Za-z'-]+(?:[ \t](?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Lane|Hwy|"
                r"Way|Pl|Place)\b\.?)?")
_CORNER = re.compile(r"\bcorner[ \t]+of[ \t]+(?P<a>" + _STREET_NAME + r")[ \t]+(?:and|&)[ \t]+(?P<b>"
                     + _STREET_NAME + ")")
_ON_ISLAND = re.compile(r"(?i:\b(?:lives?|living|lived|home|house|resides?|residing|moved)\b)[^.\n]{0,30}?"
                        r"\bon[ \t]+(?P<town>[A-Z][a-z]+[ \t](?:Isle|Island))\b")
#: A house number and a street, then a town and a ZIP without commas: "112 WATER ST SKOWHEGAN
#: 04976".
_STREET_TOWN_ZIP = re.compile(
    r"(?<![\w.-])\d{1,5}[ \t]+[A-Za-z][A-Za-z'-]*(?:[ \t][A-Za-z][A-Za-z'-]*)?[ \t]+(?i:st|street|ave|avenue|"
    r"rd|road|ln|lane|dr|drive|ct|court|way|blvd|hwy|pl|place|ter|terrace)\.?[ \t]+"
    r"(?P<town>[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?)[ \t]+(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")

_DIGITS5 = re.compile(r"\d{5}")


def place_form_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the addresses, towns and ZIP codes of the module docstring."""
    out: list[Span] = []
    ends = _addresses(text, lex, out) if any(c.isdigit() for c in text) else []
    starts = [m.end() for m in _BOX_OR_UNIT.finditer(text)] if "," in text else []
    starts += [e + len(text[e:]) - len(text[e:].lstrip(" \t,")) for e in ends
               if text[e:].lstrip(" \t")[:1] == ","]
    _towns_after(text, lex, sorted(set(starts)), out)
    if _DIGITS5.search(text):
        _state_zips(text, lex, out)
    if "," in text:
        _lower_town_codes(text, lex, out)
    _more_forms(text, lex, text.lower(), out)
    _work_and_near_towns(text, lex, out)
    _home_and_apt(text, lex, text.lower(), out)
    for m in _CORNER.finditer(text) if "corner" in text else ():  # "corner of Main and Elm"
        for g in ("a", "b"):
            out.append(Span(m.start(g), m.end(g), "LOCATION", "places", 0.75))
    for m in _ON_ISLAND.finditer(text) if "Isl" in text else ():  # "lives with his wife on Deer Isle"
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
    for m in _STREET_TOWN_ZIP.finditer(text) if _DIGITS5.search(text) else ():
        if _town_ok(m.group("town").split(), lex, any_common=True):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.75))
            out.append(Span(m.start("zip"), m.end("zip"), "LOCATION", "places", 0.8))
    return out
