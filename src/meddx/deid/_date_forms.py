"""Date forms that the numeric and month-name patterns of ``_patterns.py`` leave out, each
anchored on a rare cue so that a bare number never becomes a date:

* numeric dates written with spaces around the separators ("03 - 14 - 19", "adm 3 / 14");
* year-first month names ("2019Mar14", "2019-Mar-14") and compact dates inside file names
  ("discharge_20230116.pdf");
* a month/day in a list after a date that cannot be a fraction ("3/14, 3/15 and 3/16");
* a month/day after a culture ("BCx 3/14 x2", "UCx 2/1 +"), unless it reads as a count of
  bottles ("bcx 2/2 +", "1/4 sets");
* a month/day after "as of", "week of", "end of" or a study ("as of 11/3", "week of 1/23",
  "CT of 3/14");
* a month-day after a study ("CXR 1-13"), and a month/day over its day before "and"
  ("neg 12/4 and today");
* uncommon month spellings ("Febr 3").

Two-digit years in a history ("since 03", "in 97 had a TKA", "dx 09") live in
``_patterns_years.py``.
"""

from __future__ import annotations

import re
from datetime import date

from meddx.deid._patterns import (
    _EVENTS,
    DAY_NUM,
    LETTER,
    MEASURE_BEFORE,
    MON,
    MON_TRIGGERS,
    MONTH_NUM,
    YEAR4,
    Pattern,
    make_pattern,
)

__all__ = ["FORM_PATTERNS"]

_p = make_pattern
_START = r"(?<![\w/.-])"
_END = r"(?![\w/]|[:.-]\d)"
_M = rf"({MONTH_NUM})"
_D = rf"({DAY_NUM})"

# Words after a month/day that make it a fraction, a score or a count, not a date.
_FRACTION_AFTER = re.compile(
    r"\s*(?:strength|power|pain|scale|tabs?|tablets?|of\b|in\b|bilat|b/l|throughout|intact|"
    r"motor|murmur|dtrs?|ue\b|le\b|%|ns\b|bottles?|sets?|\+\s*(?:bilat|b/l|throughout|ue|le))",
    re.IGNORECASE)
_FRACTION_BEFORE = re.compile(
    r"(?:pain|strength|power|motor|score|scale|grade|rated|murmur|reflexes|dtrs?|gcs|apgars?|"
    r"mmse|moca|\bx|of)\W*$", re.IGNORECASE)


def _measure(m: re.Match[str], text: str) -> bool:
    """A vent setting, vital sign, lab string or score just before."""
    before = text[max(0, m.start() - 16):m.start()]
    return LETTER.search(before) is not None and bool(  # every cue word has a letter
        MEASURE_BEFORE.search(before) or _FRACTION_BEFORE.search(before))


# --- spaced numeric dates --------------------------------------------------------------
_SPACED_CUE = re.compile(
    r"(?:\b(?:on|since|from|until|till|thru|through|dated|date|dos|dob|adm|admit|admitted|"
    r"discharged?|seen|visit|appt|started|placed|removed|done|note)|[:(\[])\W{0,3}$",
    re.IGNORECASE)


def _spaced_full_ok(m: re.Match[str], text: str) -> bool:
    """"03 - 14 - 19", "3 / 14 / 2019": not "PSV 12 / 5 / 40" or "5 / 5 / 55" strength."""
    return not (_measure(m, text) or _FRACTION_AFTER.match(text, m.end()))


def _spaced_md_ok(m: re.Match[str], text: str) -> bool:
    """"adm 3 / 14" after a date word; not "pain 3 / 10" or "on 1 / 2 tab"."""
    return bool(_SPACED_CUE.search(text, max(0, m.start() - 14), m.start())) \
        and _spaced_full_ok(m, text)


_LOWER_VERB = re.compile(r"\d{4}[ \t](?:may|mar)")


def _year_first_ok(m: re.Match[str], text: str) -> bool:
    """"2019Mar14", "2019 Mar 14"; not "in 2019 may 3 ..." (a verb)."""
    return not _LOWER_VERB.match(text, m.start())


#: A non-invasive or ventilator mode earlier on the line and a vent setting right after the
#: number: "BiPAP note: placed on 14/6, FiO2 40%" gives pressures, not a day-first date
#: (session 21, deidfp21n; narrowed in the fix round: a date verb anywhere before it on the
#: line keeps the date, "on BiPAP since 14/3", "Intubated 14/3, on vent since 21/3").
_VENT_MODE = re.compile(r"\b(?:bi-?pap|c?pap|ipap|epap|niv|nippv|vent(?:ilator)?)\b", re.IGNORECASE)
_VENT_SETTING_AFTER = re.compile(r"[ \t]*(?:cm[ \t]*h2o\b|,?[ \t]*(?:fio2|peep)\b)", re.IGNORECASE)
_DATE_VERB = re.compile(r"\b(?:since|seen|started|start|intubated|extubated|admitted|adm|from|"
                        r"until|till|weaned|discharged|d/c|transferred|home)\b", re.IGNORECASE)


def _vent_on_line(m: re.Match[str], text: str) -> bool:
    if not _VENT_SETTING_AFTER.match(text, m.end()):
        return False
    lo = max(0, m.start() - 60)
    line = max(lo, text.rfind("\n", lo, m.start()) + 1)
    return bool(_VENT_MODE.search(text, line, m.start())) \
        and not _DATE_VERB.search(text, line, m.start())


def _day_first_ok(m: re.Match[str], text: str) -> bool:
    """"seen 14/3": a day-first date after a date word; "14/3 ratio" and "BiPAP ... on 14/6"
    are not."""
    after = _FRACTION_AFTER.match(text, m.end())
    return bool(_SPACED_CUE.search(text, max(0, m.start() - 14), m.start())) \
        and not _measure(m, text) and not _vent_on_line(m, text) \
        and (after is None or bool(re.match(r"\s*(?:in|of)\b", after.group(0), re.IGNORECASE)))


# --- year-first and file-name dates ----------------------------------------------------
def _calendar_ok(m: re.Match[str], text: str) -> bool:
    """A real calendar date ("discharge_20230116.pdf"; not "_20231399")."""
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


# --- a month/day in a list after a plain date ------------------------------------------
_LIST_BEFORE = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(/\d{2,4})?\s*(?:,|;|&|and|or)\s*"
                          r"(?:and\s+)?$", re.IGNORECASE)


_LIST_CUE = re.compile(r"\b(?:on|seen|dated|adm|admitted|visits?|appts?|done|drawn|sent|"
                       r"cultures?|[bu]?cx|from|since)\W{0,3}$", re.IGNORECASE)


#: An event word before the first date of a list: "transfused 3/4, 3/9 and 3/12" (session 16).
_EVENT_CUE = re.compile(rf"\b(?:{_EVENTS})\W{{0,3}}$", re.IGNORECASE)


def _unambiguous(month: int, day: int, year: str | None) -> bool:
    """Not a common fraction or score: a year, a day over 10, or a month over the day."""
    return month <= 12 and day <= 31 and (bool(year) or day > 10 or month > day)


def _listed_ok(m: re.Match[str], text: str, depth: int = 3) -> bool:
    """"3/14, 3/15 and 3/16", "seen 3/5, 3/8, 3/12": the date before is not a fraction (it
    is unambiguous, follows a date word, or is itself listed), and nothing after makes this
    one a fraction or a score ("in", "of" only when this one is ambiguous)."""
    before = _LIST_BEFORE.search(text, max(0, m.start() - 14), m.start())
    if before is None or _measure(before, text):
        return False
    after = _FRACTION_AFTER.match(text, m.end())
    if after and (not re.match(r"\s*(?:in|of)\b", after.group(0), re.IGNORECASE)
                  or not _unambiguous(int(m.group(1)), int(m.group(2)), None)):
        return False
    month, day = int(before.group(1)), int(before.group(2))
    if _unambiguous(month, day, before.group(3)):
        return True
    if month > 12 or day > 31 or depth == 0 or month == day or m.group(1) == m.group(2):
        return False  # "on 2/2, 3/3 and 4/4 bottles": counts
    cued = LETTER.search(text, max(0, before.start() - 24), before.start())  # cue words have one
    return bool(cued and (_LIST_CUE.search(text, max(0, before.start() - 14), before.start())
                          or (_EVENT_CUE.search(text, max(0, before.start() - 24), before.start())
                              and _unambiguous_from(m, text)))
                or _listed_ok(before, text, depth - 1))


_LIST_NEXT = re.compile(r"\s*(?:,|;|&|and|or)\s*(?:and\s+)?(\d{1,2})/(\d{1,2})(/\d{2,4})?(?![\w/])",
                        re.IGNORECASE)
#: What may end a list of dates: punctuation, the end, or a preposition or conjunction; a word
#: such as "positive", "lesions" or "units" makes its items fractions (datefix16).
_LIST_END_OK = re.compile(r"[ \t]*(?:$|[.,;:()\n]|(?:for|on|at|with|by|to|then|due|per|because|"
                          r"after|before|while|when|until|and|but|as|x)\b)", re.IGNORECASE)


def _unambiguous_from(m: re.Match[str], text: str) -> bool:
    """After an event word a list of dates has one item that is no fraction ("transfused 3/4,
    3/9 and 3/12") or ends with no word after it ("held 2/3, 2/5 and 2/8 for"); "bx 2/6, 3/6
    positive" and "scan 3/5, 4/5 lesions" are lists of fractions (datefix16). Reads this item
    and at most 6 after it."""
    item = m
    for _ in range(7):
        year = item.group(3) if item is not m else None
        if _unambiguous(int(item.group(1)), int(item.group(2)), year):
            return True
        following = _LIST_NEXT.match(text, item.end())
        if following is None:
            break
        item = following
    return bool(_LIST_END_OK.match(text, item.end()))


# --- a month/day after a culture -------------------------------------------------------
def _culture_date_ok(m: re.Match[str], text: str) -> bool:
    """"bcx 3/14 x2", "ucx 2/1 +": a date; "bcx 2/2 +", "1/4 bottles" are counts."""
    month, day = int(m.group(2)), int(m.group(3))
    return not (month <= day <= 4 or _FRACTION_AFTER.match(text, m.end()))


# After "the morning/evening/night of", a common fraction that measures something: "The
# morning of 1/2 dose", "in the evening of 2/3 days", "night of 1/2 sleep" (session 18).
_DAYPART_OF_END = re.compile(r"\b(?:morning|evening|night|afternoon)[ \t]+of[ \t]+$",
                             re.IGNORECASE)
_DAYPART_PORTION_AFTER = re.compile(
    r"[ \t]*(?:an?[ \t]+)?(?:hours?|hrs?|min|mins|minutes?|doses?|days?|nights?|weeks?|sleep|"
    r"cups?|glass(?:es)?|tabs?|tablets?|pills?|caps?|capsules?|amps?|vials?|oz|ounces?|liters?|"
    r"portions?|servings?|bags?|meals?|trays?|time|the|of|way|strength)\b", re.IGNORECASE)


def _of_date_ok(m: re.Match[str], text: str) -> bool:
    if _DAYPART_OF_END.search(text, max(0, m.start() - 24), m.start()) and \
            _DAYPART_PORTION_AFTER.match(text, m.end()):
        return False
    return not _FRACTION_AFTER.match(text, m.end())


def _weekend_ok(m: re.Match[str], text: str) -> bool:
    """"Sat 3/14", "sun 12/2": a date; "sat 3/4 L" (lower case, a fraction) is not."""
    if _FRACTION_AFTER.match(text, m.end()) or _COUNT_AFTER.match(text, m.end()):
        return False
    month, day = (int(x) for x in m.group(1).split("/")[:2])
    return text[m.start()].isupper() or _unambiguous(month, day, None)


# --- a hyphenated month-day after a study ----------------------------------------------
_STUDY = (r"cxr|ct|cta|mri|mra|echo|tte|tee|ekg|ecg|eeg|kub|egd|ercp|cath|bx|biopsy|labs?|"
          r"[bu]?cx|u/?s|xr|films?|scan|pet|dexa|mammo(?:gram)?|colonoscopy")
_COUNT_AFTER = re.compile(
    r"\s*(?:%|x\b|[a-z]+/|\+|(?:min|mins|minutes?|h|hrs?|hours?|days?|d|wks?|weeks?|mos?|"
    r"months?|mg|mcg|ml|cc|l|lpm|liters?|units?|mm|cm|times|views?|vessels?|levels?|nodes?|lesions?|"
    r"nodules?|cores?|slides?|per)\b)", re.IGNORECASE)


# Events dated right after their name with a hyphen: "extubated 3-14", "MTG 3-15".
_EVENT_HYPHEN = (r"extubated|intubated|reintubated|mtg|meeting|started|stopped|changed|"
                 r"replaced|inserted|placed|pulled|removed|d/?c'?d|discontinued|resumed|"
                 r"restarted|transfused|surgery|admitted|adm|seen|called|spoke|drawn|sent|"
                 r"dressed|debrided|tapped|paracentesis|thoracentesis|dialysis|hd|cvvh|"
                 r"trached|peg|picc|line|bronch|since")


_EVENT_HYPHEN_BEFORE = re.compile(rf"\b(?:{_STUDY}|{_EVENT_HYPHEN})[ \t:]+$", re.IGNORECASE)


def _event_hyphen_ok(m: re.Match[str], text: str) -> bool:
    """"CXR 1-13", "extubated 3-14": a date; "CT 1-2 mm", "labs 2-3x/wk" are counts."""
    return bool(_EVENT_HYPHEN_BEFORE.search(text, max(0, m.start() - 20), m.start())) \
        and not _COUNT_AFTER.match(text, m.end())


# --- a month/day whose month is over its day, before "and" -----------------------------
def _month_over_day_ok(m: re.Match[str], text: str) -> bool:
    """"CAM neg 12/4 and today": a month over its day is no common fraction or score, so
    "and" after it (which vetoes "5/5 and symmetric") does not make it one."""
    return int(m.group(1)) > int(m.group(2)) and not _measure(m, text)


_FOLLOW_UP_BEFORE = re.compile(
    r"\b(?:f/u|follow[ -]?up|appt|appointment|due|seen|rtc|next|last|scheduled|sched|planned|"
    r"until|till|by|on|since|from|thru|through|dated|dos|visit|surgery|adm|admitted|"
    r"discharged|returns?|expected)[ \t:]+$", re.IGNORECASE)


def _verb_month_ok(m: re.Match[str], text: str) -> bool:
    return bool(_FOLLOW_UP_BEFORE.search(text, max(0, m.start() - 24), m.start()))


def _spaced_ok(m: re.Match[str], text: str) -> bool:
    """A spaced full date ("03 - 14 - 19") or a spaced month/day after a date word."""
    if m.group(5) is not None:
        return _spaced_full_ok(m, text)
    if (m.group(2) or m.group(3)) == "." or re.match(r"[ \t]*[-/.][ \t]*\d", text[m.end():]):
        return False
    return _spaced_md_ok(m, text)


def _slash_ok(m: re.Match[str], text: str) -> bool:
    """One pass over every bare "A/B" for the slash rules of this module: a month/day listed
    after a date, a month over its day before "and today", or a day-first date."""
    a, b = int(m.group(1)), int(m.group(2))
    if 1 <= a <= 12 and 1 <= b <= 31:
        return _listed_ok(m, text) or bool(_AND_DATE_AFTER.match(text, m.end())
                                            and _month_over_day_ok(m, text)) \
            or bool(_OF_BEFORE.search(text, max(0, m.start() - 24), m.start())
                    and _of_date_ok(m, text))
    return 13 <= a <= 31 and 1 <= b <= 12 and _day_first_ok(m, text)


# "as of 11/3", "week of 1/23", "CT of 3/14", "note of 3/14"
_OF_BEFORE = re.compile(
    rf"\b(?:as|week|weekend|end|beginning|start|middle|{_STUDY}|note|visit|study|exam|report|"
    rf"morning|evening|night|afternoon|"
    rf"admission|discharge|consult|surgery|procedure|letter)[ \t]+of[ \t]+$", re.IGNORECASE)
_AND_DATE_AFTER = re.compile(r"[ \t]*(?:and|&|or)[ \t]+(?:today|yesterday|tonight|tomorrow|again|"
                             r"then|on\b|\d{1,2}/\d{1,2}|the[ \t]+\d)", re.IGNORECASE)


FORM_PATTERNS: list[Pattern] = [
    # "03 - 14 - 19", "3 / 14 / 2019": spaces around the separators; "adm 3 / 14" after a
    # date word
    _p("DATE", first=r"\d", check=_spaced_ok,
       pattern=rf"{_START}{_M}(?:[ \t]+([-/.])[ \t]*|([-/.])[ \t]+){_D}"
       rf"(?:[ \t]*(?:\2|\3)[ \t]*({YEAR4}|\d\d))?{_END}"),
    # "2019Mar14", "2019-Mar-14", "2019 MAR 14"
    _p("DATE", first=r"\d", triggers=MON_TRIGGERS,
       pattern=rf"{_START}{YEAR4}[ \t-]?{MON}\.?[ \t-]?{DAY_NUM}(?![\w:]|[./-]\d)",
       check=_year_first_ok),
    # "discharge_20230116.pdf", "scan_2023-01-16": a date inside a file name
    _p("DATE", first=r"\d", triggers=("_",),
       pattern=r"(?<=_)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?=[._\s)]|$)",
       check=_calendar_ok),
    # "3/14, 3/15 and 3/16" (listed after a plain date), "neg 12/4 and today", "seen 14/3",
    # "as of 11/3", "CT of 3/14"
    _p("DATE", first=r"\d", pattern=rf"{_START}(\d{{1,2}})/(\d{{1,2}}){_END}", check=_slash_ok),
    # "BCx 3/14 x2", "ucx 2/1 +", "blood cultures 4/9 NGTD"
    _p("DATE", triggers=("cx", "cult"),
       pattern=rf"\b(?:[bu]?cx|cultures?)[ \t:]*(?:x[ \t]?\d[ \t]+)?(?:from[ \t]+)?({_M}/{_D}){_END}",
       group=1, check=_culture_date_ok),
    # "CXR 1-13", "extubated 3-14", "FAMILY MTG 3-15": a month-day after a study or event
    _p("DATE", first=r"\d",
       pattern=rf"{_START}{MONTH_NUM}-{DAY_NUM}{_END}",
       check=_event_hyphen_ok),
    # "Sat 3/14", "Sun, 3/15": a weekend day before a date, not a saturation
    _p("DATE", first="s", triggers=("sat", "sun"),
       pattern=rf"\b(?:sat|sun|saturday|sunday)\.?,?[ \t]+({_M}/{_D}(?:/(?:{YEAR4}|\d\d))?){_END}",
       group=1, check=_weekend_ok),
    # "f/u mar 20", "appt may 3", "rtc may 14": lower-case "may"/"mar" (verbs far more often)
    # with a day, after a follow-up or date word; not "may 1-2 tabs", "pt may 3x/day"
    _p("DATE", first="m", triggers=("may", "mar"), check=_verb_month_ok,
       pattern=r"\b(?:may|mar|march)\.?[ \t]*(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
       r"(?![\w/:]|[.-]\d|[ \t]*(?:x\b|-[ \t]*\d|to[ \t]+\d|tabs?\b|mg\b|times\b|puffs?\b))"),
    # "3/\n14/2019", "03-\n14-2019": a line broken after the first separator of a date with its
    # four-digit year (session 15)
    _p("DATE", first=r"\d", triggers=("\n",),
       pattern=rf"{_START}{_M}([/-])[ \t]*\r?\n[ \t]*{_D}\2{YEAR4}{_END}"),
    # "Febr 3", "febr. 3rd"
    _p("DATE", triggers=("febr",), first="f",
       pattern=r"\bfebr\.?[ \t]*(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
       r"(?:,?[ \t]*(?:(?:19|20)\d\d|['\u2019]\d\d))?"),
]
