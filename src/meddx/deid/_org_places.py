"""Places named by what they are, in the forms the other place rules miss (LOCATION).

* **Public-service and justice bodies** by their head words, capitalised: "Dodge Correctional
  Institution", "Milwaukee County Jail", "Navajo Housing Authority", "Lakeshore Fire Rescue",
  "Haugen VFD", "Cuyahoga County Court of Common Pleas", "Cleveland Police Second District",
  "American Legion Post 52", "VFW Post 759". One name word before the head is needed that is
  no clinical or generic word: "the County Jail", "Fire Department", "Medical Examiner" stay.
* **Military installations**: "Fort Hood", "Ft. Campbell", "Camp Arifjan", "Joint Base Lewis",
  "Naval Air Station Pensacola", "Bagram Air Base", "Travis AFB". "Camp" needs a capitalised
  word that no dictionary knows: "Camp David"-like names count, "summer camp", "Camp Fire" stay.
* **Travel legs**: a capitalised place after "->", after "flew"/"flight to"/"bus to"/"train to"/
  "deployed to"/"deployment", or after "via" between two travel legs ("flew New Orleans ->
  Bogota via Houston", "then bus to Villavicencio", "Prior deployment Bagram"). Countries,
  states, clinical and common words stay ("via PEG", "bus to dialysis", "-> ICU").
"""

from __future__ import annotations

import re

from meddx.deid._ascii import ascii_for
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import COUNTRIES
from meddx.deid._span import Span

__all__ = ["org_place_spans"]

_CAP = r"(?:[A-Z][a-z][A-Za-z'\u2019-]*|[A-Z]{2,}|St\.|Mt\.|Ft\.)"
#: Heads of public-service, justice and veterans' bodies; what may follow them.
_BODY = re.compile(
    r"(?<![A-Za-z'.-])(?P<name>(?:" + _CAP + r"[ \t]){1,3})"
    r"(?P<head>(?i:Correctional[ \t](?:Institution|Facility|Center|Complex)|Detention[ \t](?:Center|Facility)"
    r"|(?:County[ \t])?Jail|Prison|Penitentiary|Housing[ \t]Authority|Fire[ \t](?:Rescue|Department|Dept\.?)"
    r"|VFD|Police(?:[ \t]Department|[ \t]Dept\.?)?|Sheriff'?s[ \t](?:Office|Department|Dept\.?)"
    r"|(?:County[ \t])?Court(?:[ \t]of[ \t]Common[ \t]Pleas)?|(?:Legion|VFW)[ \t]Post[ \t]\d{1,4}"
    r"|Post[ \t]\d{1,4}))"
    r"(?P<tail>[ \t](?:First|Second|Third|Fourth|Fifth|Sixth|\d{1,2}(?:st|nd|rd|th))"
    r"[ \t](?:District|Precinct))?"
    r"(?![A-Za-z])"
)
#: A VFW / Legion post without a name word before it: "VFW Post 759".
_POST = re.compile(r"\b(?:VFW|American[ \t]Legion)[ \t]Post[ \t]#?\d{1,4}\b")
_GENERIC = frozenset(
    "the a an his her their our county city state federal district municipal local regional "
    "juvenile superior supreme family criminal civil drug mental health medical examiner volunteer "
    "tribal town village adult new old north south east west central".split()
)
_BASE = re.compile(
    r"(?P<pre>\b(?:Fort|Ft\.|Camp|Joint[ \t]Base|Naval[ \t](?:Air[ \t])?Station|Marine[ \t]Corps[ \t]"
    r"(?:Base|Air[ \t]Station)|Air[ \t]Force[ \t]Base)[ \t])"
    r"(?P<name>[A-Z][a-z][A-Za-z'-]*(?:[ \t][A-Z][a-z]+)?)"
    r"|(?P<name2>\b[A-Z][a-z][A-Za-z'-]*(?:[ \t][A-Z][a-z]+)?)"
    r"[ \t](?:Air[ \t](?:Force[ \t])?Base|AFB|Airfield)\b"
)
_TRAVEL = re.compile(
    r"(?:->|\u2192|=>|\b(?:flew(?:[ \t](?:to|from|into|out[ \t]of))?|(?:flight|bus|train|ferry|drove)[ \t]"
    r"(?:to|from|into)|deployed(?:[ \t](?:to|in))?|deployments?(?:[ \t](?:to|in))?|tours?[ \t](?:in|to)"
    r"|(?:wks?|weeks?|days?|months?|nights?)[ \t]in|then[ \t](?:to|in))\b)[ \t]+"
    r"(?P<name>[A-Z][a-z][A-Za-z'-]*(?:[ \t][A-Z][a-z][A-Za-z'-]*)?)"
)
_VIA = re.compile(r"\bvia[ \t]+(?P<name>[A-Z][a-z][A-Za-z'-]*(?:[ \t][A-Z][a-z][A-Za-z'-]*)?)")
_LEG = re.compile(r"->|\u2192|\b(?:flew|flight|bus|train|drove|layover|connect(?:ing|ed)?)\b")


def _plain(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return (w in _GENERIC or w in lex.common_words or lex.is_medical(word) or w in lex.states
            or w in COUNTRIES)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before[-1] in ".;!?\n"


_BODY_HEAD = re.compile(r"correctional|detention|jail|prison|penitentiary|authority|fire|vfd|police"
                        r"|sheriff|court|post[ \t]\d")
_BODY_HEAD_ANY = re.compile(_BODY_HEAD.pattern, re.IGNORECASE)


def _bodies(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    last = -1
    # the lower-cased copy is searched when it keeps every offset (no "\u0130" and the like)
    heads = _BODY_HEAD.finditer(low) if len(low) == len(text) else _BODY_HEAD_ANY.finditer(text)
    for h in heads:
        if h.start() <= last:
            continue
        m = _BODY.search(text, max(0, h.start() - 60), h.end() + 40)
        if not m or m.end() <= h.start():
            continue
        last = m.end()
        _body(text, m, lex, out)
    for m in _POST.finditer(text):
        out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))


def _body(text: str, m: re.Match, lex: Lexicon, out: list[Span]) -> None:
    words = list(re.finditer(r"\S+", m.group("name")))
    # drop leading generic or clinical words: "the County Jail", "Notified Police"
    while words and (words[0].group().lower() in _GENERIC or lex.is_medical(words[0].group())
                     or words[0].group().lower().endswith(("ed", "ing", "ly"))):
        words.pop(0)
    if not words:
        return
    start = m.start("name") + words[0].start()
    names = [w.group() for w in words]
    if not any(not _plain(w, lex) for w in names) and (
            _sentence_start(text, start)
            or any(lex.is_medical(w) or w.lower() in _GENERIC for w in names)):
        return  # "Called Police"; a common word mid-sentence names one: "at Dodge Correctional"
    out.append(Span(start, m.end(), "LOCATION", "places", 0.75))


def _bases(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in _BASE.finditer(text):
        if m.group("name"):
            name = m.group("name")
            first = name.split()[0]
            if m.group("pre").startswith("Camp") and (_plain(first, lex) or first.lower() in lex.first_names):
                continue  # "Camp Fire", "Camp David"-like person names stay with the name rules
            out.append(Span(m.start(), m.end("name"), "LOCATION", "places", 0.75))
        else:
            first = m.group("name2").split()[0]
            if _plain(first, lex):
                continue
            out.append(Span(m.start("name2"), m.end(), "LOCATION", "places", 0.75))


def _legs(text: str, lex: Lexicon, out: list[Span]) -> None:
    found = [m for m in _TRAVEL.finditer(text)]
    if _LEG.search(text):
        for m in _VIA.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if _LEG.search(text, line_start, m.start()):
                found.append(m)
    for m in found:
        words = m.group("name").split()
        while words and _plain(words[-1], lex):
            words.pop()
        if not words or _plain(words[0], lex) or " ".join(words).lower() in COUNTRIES:
            continue
        start = m.start("name")
        out.append(Span(start, start + len(" ".join(words)), "LOCATION", "places", 0.7))


#: A lot or space number with its park: "lot 22 of Magnolia Acres Mobile Home Park",
#: "Sunrise Manor Trailer Park, lot 7", "space 14 at pine haven rv park".
_PARK = (r"(?:(?!(?i:at|in|of|on|to|the|from|lives|pt)\b)[A-Za-z][A-Za-z'-]*[ \t]){1,3}"
         r"(?i:mobile[ \t]home|trailer|rv|manufactured[ \t]home)[ \t]"
         r"(?i:park|court|estates|village|community)")
_LOT = r"(?i:lot|space|site|trlr|trailer)[ \t]*#?[ \t]*\d{1,4}[A-Za-z]?\b"
_LOT_PARK = re.compile(
    _LOT + r"[ \t]+(?i:of|at|in)[ \t]+(?:(?i:the)[ \t]+)?" + _PARK + r"|" + _PARK + r",?[ \t]+" + _LOT
)
#: The kind of park every match of _LOT_PARK names, on the lower-cased text (ASCII text only:
#: (?i) and lower() agree there).
_PARK_KIND = re.compile(r"(?:mobile[ \t]home|trailer|rv|manufactured[ \t]home)[ \t]"
                        r"(?:park|court|estates|village|community)")
#: A commercial plan after an insurance cue or a public program: "Pt ins is Humana Gold Plus",
#: "Medicaid via Presbyterian Centennial Care". Programs and generic words stay: "Insurance
#: Medicare A/B", "ins: self-pay", "Medicaid via the state".
_NAME4 = r"(?P<name>[A-Z][A-Za-z'&-]*(?:[ \t][A-Z][A-Za-z'&-]*){0,3})"
_PLAN = re.compile(r"\b(?:ins|insurance|insurer|payer|payor)(?:[ \t]+is|[ \t]*:)[ \t]+" + _NAME4)
_PLAN_VIA = re.compile(r"\b(?:Medicaid|Medicare(?:[ \t]Advantage)?|MCO|HMO|PPO)[ \t]+"
                       r"(?:via|through|thru|with|by)[ \t]+" + _NAME4)
_PROGRAMS = frozenset("medicare medicaid tricare va champva none self pending unknown uninsured private "
                      "commercial state federal".split())


#: National lodging, truck-stop and home-equipment chains whose names hold a number or a common
#: word, in any case: "the Motel 6", "super 8 motel", "kwik trip", "o2 from apria".
_CHAINS = re.compile(
    r"(?i)\b(?:motel[ \t]6|super[ \t]8(?:[ \t]motel)?|studio[ \t]6|red[ \t]roof(?:[ \t]inn)?|days[ \t]inn"
    r"|econo[ \t]lodge|la[ \t]quinta(?:[ \t]inn)?|holiday[ \t]inn(?:[ \t]express)?|best[ \t]western"
    r"|hampton[ \t]inn|extended[ \t]stay[ \t]america|kwik[ \t]trip|pilot[ \t]flying[ \t]j"
    r"|love's[ \t]travel[ \t]stop|7-eleven|wawa|sheetz|lincare|apria|adapthealth|rotech)\b"
)
_CHAIN_GATE = ("motel", "super 8", "studio 6", "roof", " inn", "lodge", "quinta", "western", "stay",
               "kwik", "flying j", "travel stop", "eleven", "wawa", "sheetz", "lincare", "apria",
               "adapthealth", "rotech")
#: Roads and landmarks named by a capitalised word before a road word, after a place preposition:
#: "on Gallatin Pike", "under the Burnside Bridge", "off Route 9"; and cross streets in any case:
#: "CROSS ST OLD MILL RD", "cross streets Elm and 5th".
_ROAD = re.compile(
    r"\b(?:on|off|along|near|at|under|over|by|across)[ \t]+(?:the[ \t]+)?"
    r"(?P<name>(?:[A-Z][a-z][A-Za-z'-]*[ \t]){1,2}"
    r"(?:Pike|Turnpike|Bypass|Parkway|Pkwy|Trail|Trl|Crossing|Bridge))\b"
)
_STREET_END = (r"(?i:st|street|ave|avenue|rd|road|ln|lane|dr|drive|blvd|boulevard|way|pike|hwy|highway|"
               r"pkwy|ct)\b\.?")
_CROSS = re.compile(
    r"(?i:\bcross[ \t]?(?:st(?:reet)?s?|rds?|roads?)|\bx-?sts?)\b\.?[ \t:]*"
    r"(?P<name>(?:[A-Za-z0-9][A-Za-z0-9'-]*[ \t]){1,3}" + _STREET_END
    + r"(?:[ \t]*(?:&|/|and|AND)[ \t]*(?:[A-Za-z0-9][A-Za-z0-9'-]*[ \t]){1,3}" + _STREET_END + r")?)"
)


#: Numbered roads with a road class: "COUNTY RD 19", "state route 7", "US Hwy 53".
_NUMBERED_ROAD = re.compile(
    r"\b(?:county|co\.|state|us|u\.s\.|farm[ \t]to[ \t]market)[ \t]+"
    r"(?:(?:rd|road|route|rte|hwy|highway)\.?[ \t]+)?#?\d{1,4}[a-z]?\b"
    r"(?![ \t]*(?:mg|mcg|ml|units?|%|mm|cm|kg|lb|x|times|days?|hrs?|yo|y/o)\b)"
)
_NUMBERED_ROAD_CLASS = re.compile(r"(?:rd|road|route|rte|hwy|highway)\.?[ \t]+#?\d")
#: A street address, a town and a ZIP with no state between: "4471 COUNTY RD 19, BIRCHWOOD, 54817".
_STREET_TOWN_ZIP = re.compile(
    r"(?<![\w/.-])\d{1,6}[ \t]+(?:[A-Za-z0-9.'-]+[ \t]+){0,3}"
    r"(?i:rd|road|st|street|ave|avenue|dr|drive|ln|lane"
    r"|hwy|highway|route|rte|blvd|way|ct|court|pl|place|pike|trail|cir|circle)\.?(?:[ \t]+\d{1,4})?,[ \t]*"
    r"(?P<town>[A-Za-z][A-Za-z.'-]*(?:[ \t][A-Za-z][A-Za-z.'-]*){0,2}),[ \t]*"
    r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])"
)


def _numbered_roads(text: str, low: str, out: list[Span]) -> None:
    if len(low) != len(text):
        return
    for m in _NUMBERED_ROAD.finditer(low):
        if _NUMBERED_ROAD_CLASS.search(m.group()):  # never a bare "cr 3" (creatinine), "SR 70s" (rhythm)
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.7))
    for m in ascii_for(_STREET_TOWN_ZIP, text).finditer(text):
        out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))
        out.append(Span(m.start("zip"), m.end("zip"), "LOCATION", "places", 0.75))


def _roads(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in _ROAD.finditer(text):
        first = m.group("name").split()[0]
        if not lex.is_medical(first) and first.lower() not in _GENERIC:
            out.append(Span(m.start("name"), m.end("name"), "LOCATION", "places", 0.7))
    for m in _CROSS.finditer(text):
        out.append(Span(m.start("name"), m.end("name"), "LOCATION", "places", 0.75))


def _lots(text: str, out: list[Span]) -> None:
    for m in _LOT_PARK.finditer(text):
        out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))


def _plans(text: str, lex: Lexicon, out: list[Span], programs: bool) -> None:
    for m in [*heads_finditer(_PLAN, text), *(heads_finditer(_PLAN_VIA, text) if programs else ())]:
        words = m.group("name").split()
        while words and (words[-1].lower() in _PROGRAMS or lex.is_medical(words[-1])):
            words.pop()
        if not words or words[0].lower() in _PROGRAMS or words[0].lower() in lex.states or all(
                _plain(w, lex) and w.lower() not in ("care", "health", "plus", "gold") for w in words):
            continue
        start = m.start("name")
        out.append(Span(start, start + len(" ".join(words)), "LOCATION", "places", 0.7))


_BODY_GATE = ("correctional", "detention", "jail", "prison", "penitentiary", "authority", "fire", "vfd",
              "police", "sheriff", "court", "post ")
_BASE_GATE = ("Fort ", "Ft.", "Camp ", "Base", "Station ", "AFB", "Airfield")
_LEG_GATE = ("->", "\u2192", "=>", "flew", "flight", "bus ", "train ", "ferry", "drove", "deploy", "tour",
             "wk in", "wks in", "week in", "weeks in", "day in", "days in", "month in", "months in",
             "night in", "nights in", "then to", "then in")
_PLAN_GATE = ("ins is", "ins:", "ins :", "insurance", "insurer", "payer", "payor")
_ROAD_GATE = ("cross", "x-st", "x st", "pike", "bypass", "parkway", "pkwy", "trail", "trl", "crossing",
              "bridge")


def org_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the places of the module docstring."""
    out: list[Span] = []
    low = text.lower()
    if any(k in low for k in _BODY_GATE):
        _bodies(text, low, lex, out)
    if any(k in text for k in _BASE_GATE):
        _bases(text, lex, out)
    if any(k in low for k in _LEG_GATE):
        _legs(text, lex, out)
    if any(k in low for k in _CHAIN_GATE):
        out += [Span(m.start(), m.end(), "LOCATION", "places", 0.7) for m in _CHAINS.finditer(text)]
    if any(k in low for k in (" rd", "road ", "route ", " rte", "hwy", "highway ")):
        _numbered_roads(text, low, out)
    if any(k in low for k in _ROAD_GATE):
        _roads(text, lex, out)
    if ("lot" in low or "space" in low or "site" in low or "trlr" in low or "trailer" in low) and (
            "park" in low or "court" in low or "estates" in low or "village" in low or "community" in low):
        if not text.isascii() or _PARK_KIND.search(low):  # in every match: a cheap test first
            _lots(text, out)
    programs = "Medica" in text or "MO " in text or "PPO" in text or "MCO" in text
    if programs or any(k in low for k in _PLAN_GATE):
        _plans(text, lex, out, programs)
    return out
