"""Regular expressions for how a person is reached or found: e-mail, web and IP addresses,
phone, fax and pager numbers, ZIP codes and street addresses (split from ``_patterns_ids`` in
session 20; the identifiers stay there).

Phones, pagers and extensions: any North American or international number, and short pager or
extension numbers after a cue ("pg", "bpr", "cb#", "p#", "ext", "paged ... @ 4-1234"); not a
reference range ("normal 800-1200") or an amount with a unit. A ZIP code follows a state
("Boston, MA 02114") or a cue; a street address is a number, up to three capitalised words
and a street suffix ("14 Elm St"), not "2 MM ST DEPRESSION"."""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern
from meddx.deid._place_words import STATE_CODES

__all__ = ["ADDRESS_PATTERNS", "CONTACT_PATTERNS", "FAX_CUE", "PHONE_PATTERNS"]

_p = make_pattern

# Separators inside a phone number: "617-555-0123", "617 555 0123", "617- 555- 0123", and a
# line broken after the hyphen or dot ("617-555-\n0123", session 15).
_PSEP = r"(?:[ \t]{0,2}[.-](?:[ \t]*\r?\n)?[ \t]{0,2}|[ \t]{1,2})"
_PHONE = (rf"(?<![\w-])(?:\+?1[\s.-]?|9[.-](?:1[.-])?(?=\d{{3}}[.-]))?"
          rf"(?:\(\d{{3}}\)(?:[ \t-]?|[ \t]*\r?\n[ \t]*)\d{{3}}(?:{_PSEP})?|"
          rf"\d{{3}}(?:{_PSEP}|/)\d{{3}}{_PSEP})\d{{4}}"
          r"(?:(?![\w-])(?:\s?(?:x|ext\.?)\s?\d{1,5})?|(?:x|ext\.?)\d{1,5}(?![\w-]))")
# (an extension may be glued to the number: "617-555-0142x231"; an outside line's "9-" may
# lead it: "dial 9-617-555-0142"; a line may break after the area code: "(617)\n555-0142";
# session 15)
#: A phone number right after this is a FAX.
FAX_CUE = re.compile(r"(?:fax|facsimile|\bf)\s*(?:#|no\.?|number)?\s*[:.]?\s*$", re.IGNORECASE)


_UNIT_AFTER = re.compile(r"\s*(?:[munpf]?mol|[munpk]?g|[mdµu]?l|cells|copies|iu|u|ms|%|/)\b",
                         re.IGNORECASE)


_RANGE_BEFORE = re.compile(
    r"(?:\b(?:range|normal|nl|ref(?:erence)?|goal|target|between|svri?|pvri?|plt|platelets?|wbc|"
    r"ldh|ck|cpk|uo|u/o|output|intake|kcal|volumes?|vt|tv|is|approx|about)|~)\W*$",
    re.IGNORECASE)


def _not_a_range(m: re.Match[str], text: str) -> bool:
    """"555-1234" is a phone number; "range, 733-2831 pmol/L", "SVR 900-1300" and
    "(normal 800-1200)" are not."""
    if _UNIT_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(text[max(0, m.start() - 16):
                                                                      m.start()]):
        return False
    # "555-0198 ext 12", "555-0177 x31": the extension is part of the number
    low, high = (int(part) for part in m.group(0)[:8].split("-"))
    return not (low % 10 == 0 and high % 100 == 0 and low < high)  # "900-1300": a range


_CALL_CUE = re.compile(r"\b(?:pag(?:e|ed|er|ing)|pgr|pg|bpr|beep(?:er|ed)?|call(?:ed)?|"
                       r"reach(?:ed)?|phone|contact|ext)\b|@", re.IGNORECASE)


def _call_cue_before(m: re.Match[str], text: str) -> bool:
    """"paged Dr X @ 4-1234" is an extension; "1-2000" alone is a range."""
    line = text.rfind("\n", 0, m.start()) + 1
    return bool(_CALL_CUE.search(text, max(line, m.start() - 30), m.start())) and \
        _no_unit_after(m, text)


def _international_ok(m: re.Match[str], text: str) -> bool:
    """Nine to fifteen digits after a '+': "+44 20 7946 0958"; not "+2 4 6"."""
    return 9 <= sum(c.isdigit() for c in m.group(0)) <= 15 and _no_unit_after(m, text)


_COUNT_AFTER = re.compile(
    r"[ \t]*(?:(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|u|iu|meq|mmol|min|mins|minutes|sec|secs|hrs?|"
    r"hours|days?|times|x|steps|ft|feet|mmhg|cm|mm|lbs?|kcal)\b|%)|/|[ \t]+/[ \t]*(?:h|hr|min|d|day|"
    r"kg|dl|l|ml|wk)\b", re.IGNORECASE)


def _no_unit_after(m: re.Match[str], text: str) -> bool:
    """"pager 4471" is a number to call; "paged at 1000 mL" is not."""
    return not _COUNT_AFTER.match(text, m.end())


_CLOCK = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
#: "paged 0215", "report by phone 1130" (session 21): a clock time after the call, not a
#: number; after "by phone" only on the quarter hour (fix round: "contact wife by phone 2231"
#: is an extension)
_PAGED = re.compile(r"(?:(?P<paged>paged)|\b(?:by|via|over)[ \t]+(?:tele)?phone)(?:\s+at)?\s*[:.]?\s*$",
                    re.IGNORECASE)


def _cued_phone_ok(m: re.Match[str], text: str) -> bool:
    """"pager 2231" is an extension; "MD paged 0215", "paged at 2231" and "report by phone
    1130" are times of day (a '#' makes them numbers: "paged #2231")."""
    paged = _PAGED.search(text, max(0, m.start() - 8), m.start(1)) \
        if _CLOCK.fullmatch(m.group(1)) else None
    if paged is not None and (paged.group("paged") or m.group(1)[2:] in ("00", "15", "30", "45")):
        return False
    return _no_unit_after(m, text)


_UNIT_WORD = re.compile(r"(?:mm|cm|mg|mcg|ml|cc|kg|lbs?|hrs?|mins?|x|units?|meq|beats|bpm|"
                        r"mmhg|l|g|%|[\d.]+%?)$", re.IGNORECASE)
_NOT_STREET = frozenset("to from for per with after before at on in resident attending "
                        "intern team prelim stat portable repeat fr fr. by and but or not each "
                        "hour hours ft feet".split())  # "1955 To CT"
_ECG_AFTER = re.compile(r"\s*(?:depression|elevation|changes?|segments?|waves?|abnormal|"
                        r"flattening|inversion)", re.IGNORECASE)


def _address_ok(m: re.Match[str], text: str) -> bool:
    """"14 Elm St" is an address; "2 MM ST DEPRESSION" and "1 MM ST ELEVATION" (the ST
    segment) are not: a unit between the number and the suffix, or an ECG word after "ST"."""
    words = m.group(0).split()
    street, suffix = words[1:], ""
    for i, w in enumerate(street):  # up to the suffix: "Unit 2B" after it is no unit of measure
        if _SUFFIX_WORD.fullmatch(w.rstrip(".,")):
            street, suffix = street[:i], w.rstrip(".,").lower()
            break
    loose = suffix in ("", "ct", "dr")  # "310 Fellow St" is a street; "1955 To CT" is not
    # in capitals every word is capitalised: a function word or a span of time or distance
    # names no street whatever the suffix ("1400 AFTER LANTUS 20U SQ", "3 HOURS EACH WAY",
    # "19F ROLLOVER MVC ON HWY", "1100 BY DR"; session 27, deidcaps27)
    loose = loose or m.group(0).isupper()
    if any(_UNIT_WORD.match(w) or (loose and w.lower() in _NOT_STREET) for w in street):
        return False  # "28 Fr CT", "1420 pt to CT", "0230 per DR QUIST" (session 20)
    return not (words[-1].rstrip(".").lower() == "st" and _ECG_AFTER.match(text, m.end()))


def _ip_ok(m: re.Match[str], text: str) -> bool:
    return all(int(part) <= 255 for part in m.group(0).split("."))



def _state_ok(m: re.Match[str], text: str) -> bool:
    """A ZIP code right after a state: "Boston, MA 02114", "Austin, Texas 78701"."""
    before = _STATE_BEFORE.search(text[max(0, m.start() - 18):m.start()])
    if not before:
        return False
    state = before.group(1)
    return state in STATE_CODES if len(state) == 2 else True


_STATE_NAMES = ("alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|"
                "florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|"
                "maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|"
                "nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|"
                "north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|"
                "south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|"
                "wisconsin|wyoming")
_STATE_BEFORE = re.compile(rf",[ \t]*([A-Z]{{2}}|(?i:{_STATE_NAMES})),?[ \t]+$")
_SUFFIX = (r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|place|"
           r"pl|way|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|"
           r"route|rte|pike|row)")
_SUFFIX_WORD = re.compile(_SUFFIX)
_UNIT = r"(?:,?\s*(?i:apt|apartment|suite|ste|unit|#|rm|room|fl|floor|bldg)\.?\s*#?\s*[A-Za-z0-9-]+)"

#: E-mail, web and IP addresses.
CONTACT_PATTERNS: list[Pattern] = [
    _p("EMAIL", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", triggers=("@",)),
    _p("URL", r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:)\]]", triggers=("http", "www.")),
    _p("URL", r"(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|info)\b"
       r"(?:/[^\s<>\"']*[^\s<>\"'.,;:)\]])?",
       triggers=(".com", ".org", ".net", ".edu", ".gov", ".io", ".info")),
    _p("IP", first=r"\d",
       pattern=r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)", check=_ip_ok),
]

#: Phone, fax and pager numbers and extensions (a FAX after ``FAX_CUE``: ``_rules``).
PHONE_PATTERNS: list[Pattern] = [
    _p("PHONE", first=r"[+(\d]", pattern=_PHONE),
    _p("PHONE", first=r"\d",
       pattern=r"(?<![\w-])\d{3}-\d{4}(?![\w-])(?:[ \t]?(?:x|ext\.?)[ \t]?\d{2,5}(?![\w-]))?",
       check=_not_a_range),
    _p("PHONE", r"\b(?:phone|tel|telephone|ph|cell|mobile|pager|beep(?:er|ed)?|pgr|bpr|pg|callback|"
       r"call[\s-]back|cb|c/b|spectralink|spectra|vocera|voalte|ascom|contact|paged(?:\s+(?:at|to))?|page(?:\s+to)?|p(?=\s*#)|ext\.?|extension)"
       r"\s*(?:#|no\.?|number)?\s*[:.]?\s*"
       r"(\d{3}[ \t.]\d{3}[ \t]*\r?\n[ \t]*\d{4}|"  # "617 555\n0142": a break before the last four
       r"\d{10}|\d{3}[ .]\d{4}|\d{3,5}|\d[ -]\d{4}|\d{1,2}-\d{3,5})(?![\w-])", group=1, check=_cued_phone_ok,
       triggers=("ph", "tel", "cell", "mobile", "pager", "beep", "pgr", "bpr", "pg", "call",
                 "cb", "c/b", "spectra", "vocera", "voalte", "ascom", "contact", "page", "p#", "p #", "ext"),
       first="[abceilmpstv]"),
    # "call back at 555 0104", "reach her @ 555-0104": seven digits after a call word and "at"
    _p("PHONE", r"\b(?:call[\s-]?back|cb|call|reach(?:ed)?|contact(?:ed)?)\s+(?:at\b|@|on\b)\s*"
       r"(\d{3}[ .-]\d{4})(?![\w-])", group=1, check=_no_unit_after,
       triggers=("back at", "cb at", "call at", "reach", "contact at", "contacted at"),
       first="[cr]"),
    # "+44 20 7946 0958", "+33 1 23 45 67 89": an international number
    _p("PHONE", first=r"\+",
       pattern=r"(?<![\w+])\+(?:[2-9]\d{0,2}|1)(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w/-]|[.,]\d)",
       check=_international_ok),
    # "paged Dr X @ 4-1234", "call 6-4210": a hospital extension after a word to call it
    _p("PHONE", first=r"\d", pattern=r"(?<![\w/.-])\d-\d{4}(?![\w/-]|[.,]\d)",
       check=_call_cue_before, triggers=("pag", "pg", "bpr", "beep", "call", "reach", "phone",
                                         "contact", "ext", "@")),
    # "x6-4210", "x4471": an extension written with x alone
    _p("PHONE", r"(?<![\w-])x-?(?:\d-\d{4}|\d{4,5})(?![\w-])", check=_no_unit_after,
       triggers=("x",)),
]

#: ZIP codes and street addresses.
ADDRESS_PATTERNS: list[Pattern] = [
    _p("ZIP", first=r"\d",
       pattern=r"(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])", check=_state_ok),
    _p("ZIP", r"\b(?:zip|zip\s*code|postal\s*code)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b", group=1,
       triggers=("zip", "postal")),
    _p("ZIP", first=r"\d",
       pattern=r"(?<![\w-])\d{5}-\d{4}(?![\w-])"),
    _p("ADDRESS", first=r"\d",
       pattern=r"\b\d{1,6}[A-Za-z]?\s+(?:(?i:[NSEW]\.?|north|south|east|west)\s+)?"
       r"(?:[A-Z0-9][A-Za-z0-9'-]*\s+){1,3}?" + _SUFFIX + r"\b\.?" + _UNIT + "?", flags=0,
       check=_address_ok),
    _p("ADDRESS", r"\bp\.?\s?o\.?\s*box\s+\d+\b", triggers=("box",)),
]
