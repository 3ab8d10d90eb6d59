"""Towns told by what links them to a person, a place or a trip (session 10, deidloc10).

Every rule starts from a rare cue (a kinship or dwelling word, a town service, a place span
already found, a country before a bracket, a travel word) and reads at most a few words on:

* **Kin and dwellings, then a town**: "her sister in salem", "his brother who lives in Concord",
  "their camp up in wolfeboro", "daughter's in Burlington", "wife visiting from Hope Valley".
  The town is a listed city (also one that is a common or clinical word: "Salem", "Concord",
  "Orange") or a word no dictionary knows; never a state, a country or a function word, and
  never a listed city followed by a clinical head ("salem sump").
* **A town's services and residents**: "a dracut firefighter", "the Nashua DPW", "Lowell Housing
  Authority", "Methuen city hall", "Andover public schools", "Winchester resident, retired"
  ("Chief resident", "surgical resident", "resident of" stay).
* **A town after a place already found**: "Walmart in Salem", "MARKET BASKET IN CONCORD" (a listed
  city, also a common or clinical word, which the general rule leaves); a unit after a place
  ("Sunrise Towers, Unit 612", "Maple Court, Apt 3B").
* **Places in brackets after a country or state**: "3 weeks in Peru (Cusco, Machu Picchu,
  Iquitos)", "Mexico (Cancun)": capitalised items no dictionary knows, or listed cities.
* **Places listed after a travel word**: "recent trip to Lisbon and Porto", "flew Lagos ->
  Amsterdam -> Boston": capitalised words, not common, clinical, state or country.
* **Label**: a listed city or a trip's destination that another rule typed HOSPITAL after a
  residence or travel cue ("Lives in Falmouth", "returned from Bangalore", "Came to Worcester
  in 2020") or before a ZIP code ("2033 Main St, Athol 01331") is a LOCATION when it holds no
  facility word; "transferred from Lowell General" keeps its type.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import COUNTRIES, HOSPITAL_WORDS, ORG_WORDS, STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun
from meddx.deid._town_phrases import KIND_WORDS as _KIND

__all__ = ["town_link_spans"]

_WORD = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
_CAPW = r"[A-Z][A-Za-z'\u2019-]*[A-Za-z]"
_TOWN = rf"(?P<town>{_WORD}(?:[ \t]{_WORD}){{0,2}})"
#: kin and dwellings; a head inside a longer word counts too ("grandson", "ex-wife",
#: "girlfriend", "grandparents"): fewer heads to find, and all of them are kin
_KIN = re.compile(
    r"(?i:son|daughter|mother|mom|father|dad|wife|husband|parents|sister|brother|cousin|aunt|"
    r"uncle|niece|nephew|friend|partner|kids|camp|cabin)"
    r"(?:['\u2019]s|s)?[ \t]+"
    r"(?:(?:who|that)[ \t]+)?(?:(?:still|now|currently|also)[ \t]+)?"
    r"(?:(?:lives?|living|resides?|residing|is|are|stays?|staying|visiting|driving|drove|came)[ \t]+)?"
    r"(?:(?:up|down|out|over|back)[ \t]+)?(?i:in|near|from)[ \t]+(?=" + _TOWN + ")")
#: a residence verb before in/near/from, or a visit verb before "from" (review of session 19:
#: not a bare kin + "in": "son in spring", "husband came in walker")
_HOME_VERB = re.compile(
    r"(?i:\b(?:lives?|living|resides?|residing)[ \t]+(?:(?:up|down|out|over|back)[ \t]+)?(?:in|near|from)"
    r"|\b(?:visiting|driving|drove|came)[ \t]+(?:(?:up|down|out|over|back)[ \t]+)?from)[ \t]+$")
_SERVICE = re.compile(
    r"(?i:fire[ \t]?fighters?|fire[ \t]?(?:man|men)|police[ \t]?(?:man|men|woman|officers?)|dpw|"
    r"housing[ \t]+authority|city[ \t]+hall|town[ \t]+hall|public[ \t]+schools?|"
    r"school[ \t]+(?:district|department|committee)|residents?(?![ \t]+(?i:of|on|physician|doctor)\b))\b")
_WORD_BEFORE = re.compile(rf"(?<![A-Za-z'\u2019-])(?P<town>{_WORD})[ \t]+$")
_IN_AFTER = re.compile(rf"[ \t]+(?:in|IN)[ \t]+(?P<town>{_CAPW}(?:[ \t]{_CAPW})?)")
_UNIT = re.compile(r",[ \t]*(?P<unit>(?:Unit|UNIT|Apt|APT|Apartment|Suite|Ste|STE|Rm|Room|Bldg|Lot|Trailer)"
                   r"\.?[ \t]*#?[ \t]*[0-9]{1,5}[A-Za-z]?|#[ \t]?[0-9]{1,5}[A-Za-z]?)\b")
_BRACKET = re.compile(r"[ \t]*\(([^()\n]{3,120})\)")
_ITEM_SPLIT = re.compile(r"[ \t]*(?:,|;|/|->|\band\b|&)[ \t]*")
_CAP_ITEM = re.compile(rf"{_CAPW}(?:[ \t]{_CAPW}){{0,2}}")
_TRAVEL = re.compile(
    r"(?i:trip|travel(?:l)?ed|travel(?:l)?ing|travels|vacation(?:ed|ing)?|cruise|flew|flying|"
    r"flight|honeymoon|visited|itinerary)[ \t]+(?:(?:\w+[ \t]+){0,3}?(?:to|in|from|through|via|"
    r"around)[ \t]+)?(?P<list>[A-Z][^\n.;:()]{2,120})")
_LIST = re.compile(rf"(?P<item>{_CAPW}(?:[ \t]{_CAPW}){{0,2}})"
                   r"(?P<sep>[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]and[ \t]|[ \t]*&[ \t]*|[ \t]*->[ \t]*|"
                   r"[ \t]*/[ \t]*))?")
#: cues before a town that another rule may have typed as a facility
_HOME_OR_TRIP = re.compile(
    r"(?i:\b(?:lives?|living|lived|resides?|residing|resident|moved|relocated|returned|returning|"
    r"return|came|travel(?:l)?ed|trip|vacation(?:ing)?|visiting|visited|born|raised|grew[ \t]+up|"
    r"originally|flew|cruise|native|immigrated|emigrated|home)"
    r"(?:[ \t]+(?:here|back|up|down|home|recently|originally))?[ \t]+(?:in|to|from|of)[ \t]+"
    r"|\b(?:is|are|was|were|pt|patient)[ \t]+from[ \t]+)$")
#: after the name: a care word or a bracket ("Quincy ER", "Maple Court (assisted living)")
_CARE_AFTER = re.compile(r"[ \t]*(?:\(|(?i:er|ed|ew|emergency|urgent|icu|rehab|clinic|snf|nursing|"
                         r"hospital|hosp|medical|dialysis|hospice|assisted|memory|ltach|vna)\b)")
#: the cues that type any name after them a place (the others only a listed city)
_TRIP_ONLY = re.compile(r"(?i:trip|travel|vacation|visit|flew|cruise|immigrat|emigrat|born|raised|"
                        r"grew|originally|native|liv|resid|moved|relocated|\b(?:is|are|was|were|pt|patient)\b)")
_PAREN_CODE = re.compile(r"\(([A-Z]{2})\)")
_TOWN_BEFORE = re.compile(rf"(?<![A-Za-z'\u2019-])(?P<town>{_CAPW}(?:[ \t]{_CAPW}){{0,2}})[ \t]+$")
#: state codes that are also credentials, tests or words in brackets: "(MD)", "(CT)", "(OR)"
_WORD_CODES = frozenset("MD PA DC ME OR IN OK HI OH MS ND DE CO CT MA AL AR GA LA MO NE SC VA ID".split())
_CODE_AFTER = re.compile(r"[ \t]+\(([A-Z]{2})\)")
_ZIP_AFTER = re.compile(r",?[ \t]+\d{5}(?:-\d{4})?\b")
#: languages and peoples: "family in Spanish", "friends from Haitian church"
_PEOPLES = frozenset("english spanish french portuguese creole haitian vietnamese chinese cantonese "
                     "mandarin russian arabic somali korean japanese italian german polish greek "
                     "hindi american african asian european latino hispanic".split())
_REGIONS = frozenset("north south east west northeast northwest southeast southwest central midwest "
                     "northern southern eastern western upper lower greater metro".split())
_FACILITY_PARTS = HOSPITAL_WORDS | ORG_WORDS | frozenset(
    "medical general memorial regional community university health va st saint mount".split())


def _plainish(key: str, lex: Lexicon) -> bool:
    """A word that is no proper name: function, common or clinical, a state or a country."""
    return (key in FUNCTION_WORDS or key in lex.common_words or lex.is_medical(key)
            or key in lex.states or key in COUNTRIES or key in _PEOPLES)


#: the clause ends after a one-word town ("son lives in reading, pa."), not another word ("lives
#: in holiday island": the longer place other rules find; second review of deidhosp19)
_TOWN_END = re.compile(r"[ \t]*(?:[.,;:)(\n]|$)")


def _town_words(text: str, start: int, words: list[str], lex: Lexicon, home: bool = False) -> int:
    """How many of ``words`` (from ``start``) name a town: the longest listed city, else the
    run of words no dictionary knows (0: none). ``home``: a residence or visit verb came
    before ("lives in", "visiting from")."""
    keys = [w.lower().replace("\u2019", "'") for w in words]
    for n in range(len(keys), 0, -1):
        joined = " ".join(keys[:n])
        if joined in lex.common_words and words[0][0].islower() and not (
                home and joined in lex.cities
                and (joined in lex.first_names or joined in lex.last_names)
                and _TOWN_END.match(text, start + len(joined))):
            continue  # "son in normal spirits", "son in spring": a common word in lower case
            # is no town (session 19: after a residence or visit verb, a listed city that is
            # also a person's name is: "son visiting from savannah", "son lives in reading")
        if joined in lex.cities and joined not in lex.states:
            end = start + len(" ".join(words[:n]))
            if not followed_by_head_noun(text, end):  # "salem sump", "Lyme disease"
                return n
    n = 0
    while n < len(keys) and not _plainish(keys[n], lex) and keys[n] not in lex.first_names \
            and len(keys[n]) >= 4:
        n += 1
    return n


def _kin_towns(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    for m in heads_finditer(_KIN, text, low):
        words = m.group("town").split()
        n = _town_words(text, m.start("town"), words, lex,
                        _HOME_VERB.search(m.group(0)) is not None)
        if n:
            a = m.start("town")
            out.append(Span(a, a + len(" ".join(words[:n])), "LOCATION", "places", 0.75))


def _service_towns(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    for m in heads_finditer(_SERVICE, text, low):
        if m.start() and text[m.start() - 1].isalpha():
            continue  # "Glencop", "eyeschool"
        b = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if b is None:
            continue
        word = b.group("town")
        key = word.lower()
        if m.group(0)[0] in "rR" and (key in _KIND or (key in lex.last_names and key not in lex.cities)):
            continue  # "chief resident", "surgical resident", "Dr. Patel resident"
        if _town_words(text, b.start("town"), [word], lex) or (
                key in lex.cities and word[0].isupper()):
            out.append(Span(b.start("town"), b.end("town"), "LOCATION", "places", 0.75))


def _after_places(text: str, lex: Lexicon, spans: list[Span], out: list[Span]) -> None:
    for sp in spans:
        if sp.label not in ("HOSPITAL", "LOCATION", "ADDRESS"):
            continue
        m = _UNIT.match(text, sp.end)
        if m is not None:
            out.append(Span(m.start("unit"), m.end("unit"), "LOCATION", "places", 0.75))
            continue
        m = _IN_AFTER.match(text, sp.end)
        if m is None:
            continue
        town = m.group("town")
        key = town.lower()
        same_case = town.isupper() == text[sp.start:sp.end].isupper()
        if key in lex.cities and key not in lex.states and key not in COUNTRIES and same_case \
                and not followed_by_head_noun(text, m.end("town")):
            out.append(Span(m.start("town"), m.end("town"), "LOCATION", "places", 0.7))


def _item_spans(text: str, offset: int, items: list[tuple[int, str]], lex: Lexicon,
                out: list[Span]) -> int:
    """Tag each capitalised item that names a place; how many were tagged."""
    tagged = 0
    for at, item in items:
        words = item.split()
        keys = [w.lower() for w in words]
        joined = " ".join(keys)
        if joined in COUNTRIES or joined in lex.states or keys[0] in lex.first_names \
                and joined not in lex.cities or keys[0] in _REGIONS:
            continue  # "visited Mary": a person; "(Northeast, Central, and West)": regions
        if joined in lex.cities or not any(_plainish(k, lex) for k in keys):
            if followed_by_head_noun(text, offset + at + len(item)):
                continue
            out.append(Span(offset + at, offset + at + len(item), "LOCATION", "places", 0.7))
            tagged += 1
    return tagged


def _country_lists(text: str, lex: Lexicon, out: list[Span]) -> None:
    """ "in Peru (Cusco, Machu Picchu, Iquitos)"."""
    i = text.find("(")
    while i > 0:
        before = text[max(0, i - 30):i].rstrip()
        tail = re.search(r"([A-Za-z]+(?:[ \t][A-Za-z]+)?)$", before)
        if tail and (tail.group(1).lower() in COUNTRIES or tail.group(1).lower() in lex.states
                     or tail.group(1).split()[-1].lower() in COUNTRIES):
            m = _BRACKET.match(text, len(before) + max(0, i - 30))
            if m is not None:
                inner = m.group(1)
                parts = [(p.start(), p.group(0)) for p in _CAP_ITEM.finditer(inner)]
                rest = _CAP_ITEM.sub("", inner)
                if parts and not _ITEM_SPLIT.sub("", rest).strip():  # only names and separators
                    _item_spans(text, m.start(1), parts, lex, out)
        i = text.find("(", i + 1)


def _town_state_brackets(text: str, lex: Lexicon, out: list[Span]) -> None:
    """ "from Hope Valley (RI)", "lives in Nashua (NH)": a town before a state code in brackets."""
    for c in _PAREN_CODE.finditer(text):
        if c.group(1) not in STATE_CODES or c.group(1) in _WORD_CODES:
            continue
        line = text.rfind("\n", 0, c.start()) + 1
        m = _TOWN_BEFORE.search(text, max(line, c.start() - 60), c.start())
        if m is None:
            continue
        words = m.group("town").split()
        keys = [w.lower() for w in words]
        k = 0  # the town: the words after the last plain one
        for i, key in enumerate(keys):
            if _plainish(key, lex) and key not in lex.cities:
                k = i + 1
        if k < len(words) and not (k == len(words) - 1 and keys[k] in lex.first_names):
            a = m.start("town") + len(" ".join(words[:k])) + (1 if k else 0)
            out.append(Span(a, m.end("town"), "LOCATION", "places", 0.75))


def _travel_lists(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    """ "trip to Lisbon and Porto", "flew Lagos -> Amsterdam -> Boston"."""
    for m in heads_finditer(_TRAVEL, text, low):
        if m.start() and text[m.start() - 1].isalpha():
            continue
        items: list[tuple[int, str]] = []
        pos = m.start("list")
        while True:
            lm = _LIST.match(text, pos)
            if lm is None:
                break
            items.append((lm.start("item") - m.start("list"), lm.group("item")))
            if not lm.group("sep"):
                break
            pos = lm.end()
        _item_spans(text, m.start("list"), items, lex, out)


def _relabel(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """The spans, a town typed HOSPITAL after a residence or travel cue (or before a ZIP code
    or a state code in brackets) retyped LOCATION (the module docstring)."""
    towns = set()
    for ext in {(sp.start, sp.end) for sp in spans if sp.label == "HOSPITAL"}:
        if _town_not_facility(text, lex, *ext):
            towns.add(ext)
    if not towns:
        return spans
    return [Span(sp.start, sp.end, "LOCATION", sp.source, sp.score)
            if sp.label == "HOSPITAL" and (sp.start, sp.end) in towns else sp for sp in spans]


def _town_not_facility(text: str, lex: Lexicon, start: int, end: int) -> bool:
    keys = text[start:end].lower().replace(".", "").split()
    if not keys or any(k in _FACILITY_PARTS for k in keys):
        return False
    if _ZIP_AFTER.match(text, end) and text[:start].rstrip(" \t").endswith(","):
        return True  # "2033 Main St, Athol 01331": a town between a comma and a ZIP code
    code = _CODE_AFTER.match(text, end)  # "Brattleboro (VT)"
    if code is not None and code.group(1) in STATE_CODES:
        return True
    cue = _HOME_OR_TRIP.search(text, max(0, start - 40), start)
    if cue is None or _CARE_AFTER.match(text, end):
        return False
    return " ".join(keys) in lex.cities or _TRIP_ONLY.search(cue.group(0)) is not None


def town_link_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """``spans`` (the places detector's) with the label fixes, then the new spans."""
    out = _relabel(text, lex, spans)
    new: list[Span] = []
    low = text.lower()
    _kin_towns(text, low, lex, new)
    _service_towns(text, low, lex, new)
    _after_places(text, lex, spans, new)
    if "(" in text:
        _country_lists(text, lex, new)
        _town_state_brackets(text, lex, new)
    _travel_lists(text, low, lex, new)
    if new:  # a town these rules found that another typed HOSPITAL ("cabin near Millinocket")
        found = {(sp.start, sp.end) for sp in new}
        out = [Span(sp.start, sp.end, "LOCATION", sp.source, sp.score)
               if sp.label == "HOSPITAL" and (sp.start, sp.end) in found
               and not any(k in _FACILITY_PARTS for k in text[sp.start:sp.end].lower().split()) else sp
               for sp in out]
    return out + new
