"""Streets and towns that the list-based places rules miss (split from ``_orgs``).

* A street without a number after "on" / "at" / "off" ("on Mulberry Ln", "on main st").
* The town (and ZIP) after a street address with a house number ("5 Wren Street, Unit 2B,
  chandler 70230").
* A town in lower or upper case after a strong cue ("lives in quillan bay", "from east
  tarrow", "LIVES IN ASHBY CROSSING", "here from providence and", "flew in from denver",
  "dtr drove from tully", "resident of veazie", "pt is from lowell", "niece in waterville",
  "visited grandkids in sanford", "as a child in gomel", "stationed at fort drum", "fishes out
  of port clyde"):
  words that no dictionary knows, with place words such as "falls", "bay", "east", or a
  listed town that ends its clause.
* A capitalised word no dictionary knows after "in" / "from" in a clause about home or family
  ("Home with mother in Norburn.").
* "Route 9" (also "Rte", "RT", "Hwy", "Interstate", "I-95", "exit 22") after a house number,
  "on", "at", "off", "near" or a bracket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import match_from
from meddx.deid._orgs import NoteWords as _Words
from meddx.deid._orgs import joined as _joined
from meddx.deid._place_words import COUNTRIES, GENERIC_WORDS, PLACE_WORDS, STATE_CODES, STREET_WORDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["town_spans"]

_STRONG_TOWN_CUE = re.compile(
    r"(?i)\b(?:lives?|living|lived|resides|residing|stay|stays|staying)"
    r"(?:\s+(?:alone|with|w/|her|him|his|wife|husband|son|daughter|dtr|family|mother|father|"
    r"parents|them|sister|brother|friend|partner|roommate))*\s+(?:in|near|at)\s+$"
    r"|\b(?:lives|living|lived|resides|residing|moved|relocated|originally|born|grew\s+up|"
    r"visiting|home)\s+(?:in|at|near|from|to)\s+$|\bdr\.?\s+[a-z'-]+(?:\s+[a-z'-]+)?\s+of\s+$"
    r"|\b(?:here|(?:flew|flown|drove|driven|came|come|coming)\s+(?:in|up|down|over))\s+from\s+$"
    r"|\b(?:from|in)\s+$")
#: More strong cues (session 8), tried only when a word of ``_MORE_WORDS`` stands just before.
_MORE_TOWN_CUE = re.compile(
    r"(?i)\b(?:drove|driven|driving|drives|flew|flown|flying|traveled|travelled|commutes?|visiting|"
    r"visitors?)(?:\s+(?:in|up|down|over|here|back))?\s+from\s+$"
    r"|\bresident\s+of\s+$|\bas\s+a\s+(?:child|kid|boy|girl|teen|teenager)\s+in\s+$"
    r"|\b(?:pt|patient|he|she|family|they|wife|husband|son|daughter|dtr|mother|father|parents)"
    r"\s+(?:is|are|was|were)\s+(?:originally\s+)?from\s+$|\b(?:pt|patient)\s+(?:originally\s+)?from\s+$"
    r"|\b(?:sons?|daughters?|dtrs?|sisters?|brothers?|nieces?|nephews?|mother|mom|father|dad|"
    r"parents|grandsons?|granddaughters?|grandkids|grandchildren|cousins?|aunt|uncle|relatives|"
    r"kids|boyfriend|girlfriend|fianc[eé]e?|neighbou?r)(?:\s+(?:lives?|living|who\s+lives|also|"
    r"still|(?:is\s+)?(?:coming|came|driving|drove|flying|flew|arriving|arrived|visiting)))?"
    r"\s+(?:in|near|from)\s+$"
    r"|\bvisit(?:ed|ing|s)?\s+(?:[a-z']+\s+){1,2}in\s+$"
    r"|\bstationed\s+(?:at|in|near)\s+$"
    r"|\b(?:fish(?:es|ed|erman|ing)?|works?|working|based|operates?|sails?|trucks?)\s+out\s+of\s+$")
# The two without (?i), for ASCII text in lower case (their words are in lower case).
_STRONG_TOWN_CUE_LOW = re.compile(_STRONG_TOWN_CUE.pattern.removeprefix("(?i)"))
_MORE_TOWN_CUE_LOW = re.compile(_MORE_TOWN_CUE.pattern.removeprefix("(?i)"))
_MORE_WORDS = frozenset(
    "drove driven driving drives flew flown flying traveled travelled commute commutes visiting "
    "visitor visitors resident child kid boy girl teen teenager pt patient he she family they wife "
    "husband son sons daughter daughters dtr dtrs mother father parents sister sisters brother "
    "brothers niece nieces nephew nephews mom dad grandson grandsons granddaughter granddaughters "
    "grandkids grandchildren cousin cousins aunt uncle relatives kids boyfriend girlfriend fiance "
    "fiancee fiancé fiancée neighbor neighbour visit visited visits stationed fish fishes fished "
    "fisherman fishing works work working based operates operate sails sail trucks truck".split())
#: Words after "lives in" that name no town ("lives in assisted living", "in an apt").
_HOUSING = frozenset(
    "assisted apartment apartments apt house home condo trailer shelter group senior housing "
    "facility nursing same own private public area town city state country county here there "
    "bed room basement first second third floor unit building hospital rehab snf ltc".split())
_STREET_HINT = re.compile(  # the look-ahead on the first letters: a faster scan
    r"(?i)(?=[sarlcdbwpth\d])\b(?:st|street|ave|avenue|rd|road|ln|lane|ct|court|dr|drive|blvd|way|pl|place|ter|"
    r"terrace|cir|circle|pkwy|hwy|\d+[a-z]?)\.?,")
# Without (?i), for ASCII text in lower case (its words are in lower case): the same matches.
_STREET_HINT_LOW = re.compile(_STREET_HINT.pattern.removeprefix("(?i)"))
_HOUSE_NUMBER = re.compile(r"(?:^|[\s(])\d+[A-Za-z]?\s")
_LETTERS = re.compile(r"[A-Za-z]+")
#: Words of an address before its number and comma ("1420 Route 9,", "12 Elm St, Unit 4,",
#: fix round: "74 SR 28,", "9 CR 12,", "5 Hwy 3,")
_ADDRESS_WORDS = STREET_WORDS | frozenset(
    "route rte rt box unit apt suite lot sr hwy highway cr fm rr hc "
    # second fix round (second review of deidfp21p, finding 4): "12 County 12,", "12 Township 45,",
    # "12 SH 6,", "12 Trunk 5,", "45 Mobile Park 28,", "45 Trailer 28,", "45 Space 28,", "45 Bldg 28,"
    "county township twp trunk interstate sh park trailer space bldg building".split())
#: "12 I-95, Kittery": an interstate's number between the house number and the comma.
_I_ROUTE = re.compile(r"\bI-$")
#: In capitals only, a state or US route's letters, the one word between the two numbers
#: ("74 NH 28,", "74 NH-28,", "310 US 1,"; not "4 MG IN 100, ...").
_ROUTE_CODES = STATE_CODES | {"US"}
_TOWN_TAIL = re.compile(
    r"(?:[ \t]*(?i:apt|unit|suite)\.?[ \t]*#?\w+,)?[ \t]*"
    r"((?:(?i:st|ft|mt)\.|[A-Za-z][A-Za-z'-]*)(?:[ \t](?:(?i:st|ft|mt)\.|[A-Za-z][A-Za-z'-]*)){0,2}?)"
    r"(?:[ \t]+(\d{5}(?:-\d{4})?)\b|(?=[ \t]*(?:[.,;)\n]|$)))")
#: Words that say the next "in" / "from" names where someone lives or comes from.
_HOME_CONTEXT = re.compile(
    r"(?i)\b(?:home|lives?|living|apt|apartment|condo|house|stay(?:s|ing)?|moved|family|mother|"
    r"father|mom|dad|wife|husband|daughter|son|sister|brother|friend|girlfriend|boyfriend|"
    r"roommate|drove|driving|flying|flew|in)\b")
_ROUTE = re.compile(r"(?i)(?:\b\d{1,5}[ \t]+|(?<=\bon[ \t])|(?<=\bat[ \t])|(?<=\boff[ \t])|(?<=\bnear[ \t])"
                    r"|(?<=\())(?:(?:route|rte|hwy|highway|interstate)[ \t]+\d{1,4}\b|"
                    r"(?-i:RT|Rt)[ \t]+\d{1,4}\b(?![+/%.])|exit[ \t]+\d{1,3}[A-Za-z]?\b(?![/%]|\.\d))")
_ROAD_NUMBER = re.compile(r"(?:route|rte|hwy|highway|interstate|rt|exit)[ \t]+\d")
#: An interstate after "on" / "off" / "near" / "via": "crash on I-95"; not "iodine (I-131)".
_INTERSTATE = re.compile(r"\b(?i:on|off|near|via|onto|from)[ \t]+(I-\d{1,3})\b(?!-)")

_DIRECTIONS = frozenset("east west north south new old port fort mount mt lake lower upper little "
                        "great".split())
_TOWN_CUE_WORDS = frozenset(("in", "at", "near", "from", "to", "of"))
_HOME_CUES = frozenset(("in", "from", "near"))
_STREET_CUE = frozenset(("on", "at", "off"))


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _street_hints(text: str) -> Iterator[re.Match[str]]:
    """``_STREET_HINT.finditer(text)``. On ASCII text every match is a run of letters and
    digits (the whole run: ``\\b`` before it), an optional period and a comma, so it is
    matched only at the start of the run before each comma (the same matches)."""
    if not text.isascii():
        return _STREET_HINT.finditer(text)
    low = text.lower()
    starts = []
    c = low.find(",")
    while c >= 0:
        e = c - 1 if c and low[c - 1] == "." else c
        s = e
        while s and low[s - 1] in _ALNUM:
            s -= 1
        if s < e:
            starts.append(s)
        c = low.find(",", c + 1)
    return match_from(_STREET_HINT_LOW, low, starts)


def _after_street(text: str, lex: Lexicon, out: list[Span]) -> None:
    """The town (and ZIP) after a street address: "5 Wren Street, Unit 2B, chandler 70230",
    "200 Linden Ave, Castleford Falls."; the street must start with a house number."""
    for h in _street_hints(text):
        line = text.rfind("\n", 0, h.start()) + 1
        house = _HOUSE_NUMBER.search(text, max(line, h.start() - 48), h.start())
        if not house:
            continue
        gap = _LETTERS.findall(text, house.end(), h.start())
        if h.group()[0].isdigit() and not any(x.lower() in _ADDRESS_WORDS for x in gap) \
                and not (len(gap) == 1 and gap[0] in _ROUTE_CODES) \
                and not (gap == ["I"] and _I_ROUTE.search(text, house.end(), h.start())):
            continue  # session 21: a number and a comma after no street word is a time or a
            # dose ("DOSE 1 TODAY AT 1100, PREMEDICATED,"), not "5 Wren Street, Unit 2B,"
        m = _TOWN_TAIL.match(text, h.end())
        if m is None:
            continue
        town, zip_code = m.group(1), m.group(2)
        words = town.split()
        if any(lex.is_medical(x) or x.lower() in FUNCTION_WORDS or x.lower() in lex.states
               for x in words):
            continue
        keys = [x.lower().strip(".") for x in words]
        lower_town = h.group()[0].isalpha() and not town[0].isupper() and not town.endswith(".") and (
            " ".join(keys) in lex.cities or all(k not in lex.common_words and k not in lex.first_names
                                                and len(k) >= 3 for k in keys))
        if zip_code is None and not lower_town and (not town[0].isupper() or all(
                x.lower() in lex.common_words and x.lower() not in PLACE_WORDS for x in words)):
            continue  # in lower case a listed town or words no dictionary knows: "7 shore rd, trescott."
        out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.8))
        if zip_code is not None:
            out.append(Span(m.start(2), m.end(2), "LOCATION", "places", 0.8))



# "on stable st elevation", "on tele st 110s": ST the segment or sinus tachycardia, not a street.
_ST_FOLLOWERS = frozenset("elevation elevations elev elevated depression depressions dep depressed "
                          "segment segments seg changes change wave waves abnormality abnormalities "
                          "abn stemi nstemi t rhythm tach".split())


def _clinical_after(w: _Words, k: int) -> bool:
    """The street word is "st" followed by an ST-segment word or a heart rate."""
    toks = w.toks
    if toks[k].key != "st" or k + 1 >= len(toks) or not _joined(w, k):
        return False
    nxt = toks[k + 1].key
    return nxt in _ST_FOLLOWERS or nxt[:1].isdigit()


#: Words that say which scan "ct" is ("on repeat ct", "seen on outside ct", "on head ct"):
#: how notes name a study, never a street's name before "Ct" (session 20).
_STUDY_WORDS = frozenset(
    "repeat outside initial prior previous admission admit f/u follow-up followup interval serial "
    "stat portable head chest abd abdominal pelvic pelvis noncon noncontrast contrast spiral "
    "recent today's todays last latest".split())


def _street(w: _Words, k: int, out: list[Span]) -> None:
    """ "on Mulberry Ln", "on main st": one to three words between a cue and a street word."""
    toks = w.toks
    j = k - 1
    while j >= 0 and k - j <= 3 and _joined(w, j) and toks[j].key not in _STREET_CUE \
            and toks[j].key not in FUNCTION_WORDS and not w.lex.is_medical(toks[j].key):
        j -= 1
    if j < 0 or j == k - 1 or toks[j].key not in _STREET_CUE or not _joined(w, j):
        return
    words = toks[j + 1:k]
    if _clinical_after(w, k):
        return
    if toks[k].key == "ct" and words[-1].key in _STUDY_WORDS:
        return  # session 20: "stable on repeat ct", "ON OUTSIDE CT": a scan ("on Elm Ct" stays)
    if all(t.cap == toks[k].cap for t in words) and (toks[k].cap or toks[k].key != "dr"):
        out.append(Span(words[0].start, toks[k].end, "LOCATION", "places", 0.75))


def _home_towns(w: _Words, out: list[Span]) -> None:
    """A capitalised word no dictionary knows, after "in" / "from" in a clause about home or
    family, ending the clause: "Home with mother in Norburn.", "IN FROM NORBURN."."""
    toks, text, lex = w.toks, w.text, w.lex
    for i in w.after(_HOME_CUES):
        t = toks[i]
        if not t.cap or len(t.key) < 4:
            continue
        if w.plain(t) or t.key in lex.first_names or t.key in lex.states or t.key in lex.last_names \
                or t.key in COUNTRIES:
            continue
        if not _CLAUSE_END.match(text, t.end):
            continue
        start = max(text.rfind("\n", 0, toks[i - 1].start), toks[i - 1].start - 50, 0)
        if _HOME_CONTEXT.search(text, start, toks[i - 1].start):
            out.append(Span(t.start, t.end, "LOCATION", "places", 0.7))


_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;)\n]|$)")


def _inflected_word(key: str) -> bool:
    return key.endswith(("ing", "ed", "ly"))


#: After a strong cue, a listed town that is also a common word ends its clause: "here from
#: providence and", "lives in reading with"; not "lives in fear of".
_CITY_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$|(?:and|with|for|since|until|on|last|this|next)\b)")
_NOT_TOWNS = frozenset("fear poverty comfort pain denial isolation peace harmony squalor".split())


def _listed_city(w: _Words, i: int) -> int:
    """The end of a listed town of two or three words starting at token i, or 0."""
    toks = w.toks
    for n in (3, 2):
        if i + n <= len(toks) and all(_joined(w, j) for j in range(i, i + n - 1)) \
                and " ".join(x.key for x in toks[i:i + n]) in w.lex.cities \
                and len({x.upper for x in toks[i:i + n]}) == 1:
            return i + n
    return 0


def _towns(w: _Words, out: list[Span]) -> None:
    """A town after a strong cue, in lower case or ALL CAPS (mixed case: _places)."""
    toks, text = w.toks, w.text
    # on ASCII text the cues without (?i) on the text in lower case: the same matches, faster
    strong_cue, more_cue, src = (_STRONG_TOWN_CUE_LOW, _MORE_TOWN_CUE_LOW, text.lower()) \
        if text.isascii() else (_STRONG_TOWN_CUE, _MORE_TOWN_CUE, text)
    for i in w.after(_TOWN_CUE_WORDS):
        t = toks[i]
        title = t.cap and not t.upper
        m = strong_cue.search(src, max(0, t.start - 30), t.start)
        weak = m is not None and m.group().split()[0].lower() in ("from", "in")
        if (m is None or weak) and not _MORE_WORDS.isdisjoint(w.keys[max(0, i - 7):i]):
            m = more_cue.search(src, max(0, t.start - 30), t.start) or m
            weak = m is not None and m.group().split()[0].lower() in ("from", "in")
        if m is None:
            continue
        listed = _listed_city(w, i)
        if listed and not (title and weak) and " ".join(x.key for x in toks[i:listed]) not in w.lex.states:
            out.append(Span(t.start, toks[listed - 1].end, "LOCATION", "places", 0.7))
            continue  # "flew in from san antonio": a listed town of several words
        j, names = i, 0
        while j < len(toks) and j - i < 3 and (j == i or _joined(w, j - 1)) \
                and toks[j].upper == t.upper:
            tj = toks[j]
            if tj.key in PLACE_WORDS:
                pass
            elif not weak and tj.key not in FUNCTION_WORDS and not w.lex.is_medical(tj.key) \
                    and ((tj.cap and not tj.upper) or tj.key not in w.lex.common_words
                         or (j + 1 < len(toks) and toks[j + 1].key in PLACE_WORDS)
                         or (tj.key in w.lex.cities and tj.key not in _NOT_TOWNS
                             and _CITY_END.match(text, tj.end))) \
                    and tj.key not in _HOUSING and tj.key not in GENERIC_WORDS and len(tj.key) >= 3 \
                    and tj.key not in w.lex.states and not _inflected_word(tj.key) \
                    and (tj.key not in w.lex.first_names or tj.key in w.lex.cities or tj.upper
                         or (j + 1 < len(toks) and toks[j + 1].key in PLACE_WORDS)):
                # "lives alone in Benson", "lives with her in panorama city"; in capitals a
                # common word only as a listed town or before a place word (session 20: "STAYS
                # IN TREATMENT", "MOVED TO QUIETER ROOM", "AWARE OF OUTPUT")
                names += 1
            elif w.plain(tj) or tj.key in w.lex.first_names or len(tj.key) < 4 \
                    or tj.key in w.lex.states:
                break
            else:
                names += 1
            j += 1
        if j == i + 1 and not weak and toks[i].key in _DIRECTIONS and toks[i].key not in ("new", "old") \
                and j < len(toks) and _joined(w, i) and toks[j].upper == t.upper \
                and toks[j].key not in FUNCTION_WORDS and not w.lex.is_medical(toks[j].key) \
                and len(toks[j].key) >= 3:
            j += 1  # "stationed at fort drum", "out of port clyde": a direction and any word
            names += 1
        while j > i and toks[j - 1].key in _DIRECTIONS:
            j -= 1
        run = toks[i:j]
        ends_place = j - i > 1 and toks[j - 1].key in PLACE_WORDS
        if title and weak and not ends_place:
            continue  # title case after "in" / "from": "_places" has the rest
        placey = any(x.key in PLACE_WORDS for x in run) or toks[i].key in w.lex.cities
        joined = " ".join(x.key for x in toks[i:j + 1])
        if " ".join(x.key for x in run) in COUNTRIES or joined in COUNTRIES:
            continue  # "family is from Guatemala", "from Puerto Rico": a country is no PHI
        if names and j > i and (not weak or placey):
            out.append(Span(t.start, toks[j - 1].end, "LOCATION", "places", 0.7))


def town_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the streets and towns described in the module docstring."""
    w = _Words(text, lex)
    out: list[Span] = []
    for k in [k for k, key in enumerate(w.keys) if key in STREET_WORDS and k >= 2]:
        _street(w, k, out)
    _towns(w, out)
    _after_street(text, lex, out)
    _home_towns(w, out)
    low = text.lower()
    if "oute" in low or "rte" in low or "rt " in low or "hwy" in low or "highway" in low \
            or "interstate" in low or "I-" in text or "exit " in low:
        # each match holds a road word, blanks and a digit: on ASCII text (where lower() maps
        # only A-Z) a note without one in lower case has none (the full scan is slow)
        none = text.isascii() and _ROAD_NUMBER.search(low) is None
        for m in () if none else _ROUTE.finditer(text):  # "2210 Route 9", "on Route 114"
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
        for m in _INTERSTATE.finditer(text) if "I-" in text else ():
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.75))
    return out
