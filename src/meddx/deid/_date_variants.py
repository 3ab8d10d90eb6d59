"""Date forms that the other date modules leave out, each anchored on a rare cue (a letter
glued to the date, a second month name, a dotted year, "about", "the", "date of ..."), so
that no bare number becomes a date:

* a numeric date glued to the word before it: "s/p CABG3/2019", "TKA2/3/19", "d/c'd12/3"
  (a month/day alone only after an event word; never after a vital-sign or vent cue:
  "BP120/80", "PEEP5/5");
* the first month of a range or pair of month names: "Jan-Feb 2024", "JUNE AND JULY",
  "May to early June";
* month.year and day.month ranges written with dots: "L TKA 08.2013", "02.03.-13.03.2025";
* a year-month after a date word: "check due 2025-06" (never a season "2008-09");
* a year near "around", "circa", "about", "~" or after a season "of": "around 2010",
  "~2005", "spring of 2020" (never "about 2010 patients", "~2000 mL"); a season and its year
  as one span: "spring 2025", "winter of '09", "in fall 2019" (not "s/p fall 2019"; session 16);
* a month glued to its year or with a dotted abbreviation: "nov2019", "Jan. '19";
* a month/day after "date of <event>", "wk of": "Date of Service 3/4", "wk of 4/7";
* a day ordinal after "the" at the end of a clause: "on the twenty-third", "the 23rd.",
  "by the fifteenth of May" (never "the third time", "the 2nd dose");
* a year after "b." (born): "b. 1931";
* a Spanish day and month: "14 de marzo de 2071", "el 28 de febrero".
"""

from __future__ import annotations

import re

from meddx.deid._patterns import (
    _EVENTS,
    _MON_FIRST,
    DAY_NUM,
    MEASURE_BEFORE,
    MON,
    MON_TRIGGERS,
    MONTH_NUM,
    Pattern,
    make_pattern,
)

__all__ = ["VARIANT_PATTERNS"]

_p = make_pattern
_M = MONTH_NUM
_D = DAY_NUM
_Y = r"(?:(?:19|20)\d\d|\d\d)"
_YEAR = r"(?:19[3-9]\d|20[0-3]\d)"
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:%|(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|iu|meq|mmol|kcal|cal|lbs?|steps|ft|"
    r"feet|hrs?|hours|mins?|minutes|times|x)\b)", re.IGNORECASE)
# A plural noun after a number: "about 2010 patients", "~2000 cases" are counts.
_COUNT_AFTER = re.compile(r"[ \t]+(?!(?:was|has|is|this|his|hers|as)\b)[a-z]+s\b")


def _not_measure(m: re.Match[str], text: str) -> bool:
    return not MEASURE_BEFORE.search(text, max(0, m.start() - 16), m.start())


# --- glued to the word before -------------------------------------------------------------
_GLUED_EVENT = re.compile(rf"(?:^|[^a-z])(?:{_EVENTS}|on|since|s/p|from|until)$", re.IGNORECASE)


def _glued_ok(m: re.Match[str], text: str) -> bool:
    """"CABG3/2019", "tka2/3/19" with a year; "d/c'd12/3", "on3/14" a month/day after an
    event word; not "BP120/80" (the look-behind keeps digits out) or "PEEP5/5"."""
    if not _not_measure(m, text):
        return False
    if m.group(2) or m.group(3):  # a year: "3/2019", "2/3/19"
        return not _UNIT_AFTER.match(text, m.end())
    before = text[max(0, m.start() - 20):m.start()]
    return bool(_GLUED_EVENT.search(before))


# --- month ranges ------------------------------------------------------------------------
# one line break after the joining word: "undetectable May and\nAugust" (session 16)
_BETWEEN = (r"[ \t]*(?:-|\u2013|/|to|through|thru|and|or|&|,)[ \t]*(?:\n[ \t]*)?"
            r"(?:(?:early|mid|late)[ \t-]*)?")
_PAIR = rf"\b({MON}\.?){_BETWEEN}({MON})"


def _month_pair_ok(m: re.Match[str], text: str) -> bool:
    """"Jan-Feb", "JUNE AND JULY"; not "may or may", "MAY OR MAY NOT" (the same word twice)
    nor a lower-case "may" (a verb)."""
    first, second = m.group(1).rstrip("."), m.group(2).rstrip(".")
    if first == second:
        return False
    return not (first == "may" and text[m.start()].islower())


# --- approximate years -------------------------------------------------------------------
def _approx_year_ok(m: re.Match[str], text: str) -> bool:
    """"around 2010", "~2005,"; not "about 2010 patients", "~2000 mL", "circa 2000 steps"."""
    return not (_UNIT_AFTER.match(text, m.end()) or _COUNT_AFTER.match(text.lower(), m.end()))


_DOT_RANGE = (".-", ". -", ".\u2013", ". \u2013")
_VACCINES = ("prevnar", "pcv", "ppsv", "pneumococcal", "shingrix", "zostavax", "shingles",
             "flu", "influenza", "covid", "booster", "hep", "tdap", "mmr", "ppd")
_APPROX = ("around", "circa", "ca.", "approx", "about", "~", " of ")


# --- a season and its year ----------------------------------------------------------------
_SEASON_YEAR = r"(?:19\d\d|20\d\d|21[0-4]\d|['\u2019]\d\d)"
_FALL_CUE_BEFORE = re.compile(r"\b(?:in|the|since|by|until|till|last|this|early|late|mid|"
                              r"during|from|through|thru|that|next)[ \t-]+$", re.IGNORECASE)


def _season_year_ok(m: re.Match[str], text: str) -> bool:
    """"spring 2025", "winter of '19"; "fall" only with "of" or after a date word ("in fall
    2019"; "s/p fall 2019" is a fall); never a count or an amount ("summer 2000 steps")."""
    if m.group(1).lower() == "fall" and not m.group(2) and \
            not _FALL_CUE_BEFORE.search(text, max(0, m.start() - 10), m.start()):
        return False
    return _approx_year_ok(m, text)


# --- year-month --------------------------------------------------------------------------
_YM_CUE = re.compile(r"\b(?:due|dated|date|since|until|till|exp|expires|expiry|from|check|"
                     r"last|next|scheduled|by|on|in|dos|seen)[ \t:]*$", re.IGNORECASE)


def _year_month_ok(m: re.Match[str], text: str) -> bool:
    """"due 2025-06" after a date word; "2008-09" reads as a season, never a month."""
    year, month = int(m.group(1)), int(m.group(2))
    if month == (year + 1) % 100:
        return False
    return bool(_YM_CUE.search(text, max(0, m.start() - 14), m.start())) \
        and not _UNIT_AFTER.match(text, m.end())


# --- "the twenty-third" -------------------------------------------------------------------
_ONES = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_SPELLED_DAY = (rf"(?:twenty|thirty)[- ]?(?:{_ONES})|tenth|eleventh|twelfth|thirteenth|"
                r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
                r"thirtieth")
_NUM_DAY = r"(?:3[01]|[12]\d|[1-9])(?:st|nd|rd|th)"
# The day ends its clause, or a month, a time or the other end of a range follows.
_DAY_END = rf"(?=[ \t]*(?:[.,;:)\n]|$|of[ \t]+{MON}|at\b|@))"



# Another ordinal and a noun later in the clause: "on the 12th but not the 13th cycle".
_ORDINAL_NOUN_AFTER = re.compile(
    r"[^.;\n]{0,40}?\b\d{1,2}(?:st|nd|rd|th)[ \t]+(?:cycles?|lines?|attempts?|doses?|floors?|"
    r"rounds?|trials?|courses?|tries|try|times?|sessions?|fractions?|levels?|steps?|stages?|"
    r"grades?|protocols?|infusions?|treatments?|generations?|ribs?|digits?|fingers?|toes?|"
    r"days?|weeks?|hours?|months?|visits?|postop(?:erative)?[ \t]+days?)\b",
    re.IGNORECASE)


def _on_the_day_ok(m: re.Match[str], text: str) -> bool:
    """"on the 28th but": a day, unless another ordinal and a noun follow in the clause."""
    return not _ORDINAL_NOUN_AFTER.match(text, m.end())


def _day_ok(m: re.Match[str], text: str) -> bool:
    """A numeric ordinal before a comma is a list of fingers or ribs ("the 4th, 5th")."""
    return not (m.group(1)[0].isdigit() and text[m.end():m.end() + 3].lstrip(" \t")[:1] == ",")


_MES = (r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|"
        r"diciembre)")

_MES_ABBR = r"(?:ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.?"

VARIANT_PATTERNS: list[Pattern] = [
    # Spanish: "14 de marzo de 2071", "el 28 de febrero" (session 15); "1ro de mayo", "2 de
    # Sept. de 2071", "5 de agosto, 2071", "14 de marzo 2071" (reviewer, session 15)
    _p("DATE", first=r"\d", triggers=(" de ",),
       pattern=rf"(?<![\w/.-])(?:3[01]|[12]\d|0?[1-9])(?:ro|o|\u00ba)?[ \t]+de[ \t]+(?:{_MES}|{_MES_ABBR})"
       r"(?:,?[ \t]+(?:del?[ \t]+)?(?:19|20)\d\d(?!\d)|(?![\w-]))"),
    # "CABG3/2019", "tka2/3/19", "d/c'd12/3", "on3/14"
    _p("DATE", first=r"\d", triggers=("/",), check=_glued_ok,
       pattern=rf"(?<=[a-z'\u2019])({_M}/(?:{_D}(?:(/{_Y}))?|((?:19|20)\d\d)))(?![\w/]|[.:-]\d)"),
    # "Jan-Feb 2024", "JUNE AND JULY", "may to early june"
    _p("DATE", triggers=MON_TRIGGERS, check=_month_pair_ok, group=1, pattern=_PAIR,
       first=_MON_FIRST),
    _p("DATE", triggers=MON_TRIGGERS, check=_month_pair_ok, group=2, pattern=_PAIR,
       first=_MON_FIRST),
    # "08.2013": a padded month, a dot and a year
    _p("DATE", first=r"[01]", triggers=(".19", ".20"), check=_approx_year_ok,
       pattern=rf"(?<![\w.,/-])(?:0[1-9]|1[0-2])\.{_YEAR}(?!\w|[.,]\d)"),
    # "02.03.-13.03.2025": the first day.month of a dotted range, then the second
    _p("DATE", first=r"\d", triggers=_DOT_RANGE, group=1,
       pattern=rf"(?<![\w.])({_D}\.{_M})\.[ \t]*[-\u2013][ \t]*{_D}\.{_M}\.(?:{_Y})?(?!\w)"),
    _p("DATE", first=r"\d", triggers=_DOT_RANGE, group=1,
       pattern=rf"(?<![\w.]){_D}\.{_M}\.[ \t]*[-\u2013][ \t]*({_D}\.{_M}\.(?:{_Y})?)(?!\w|\.\d)"),
    # "due 2025-06", "exp 2026/03"
    _p("DATE", first=r"[12]", check=_year_month_ok, triggers=("-0", "-1", "/0", "/1"),
       pattern=r"(?<![\w/.-])((?:19|20)\d\d)[-/](0[1-9]|1[0-2])(?![\w/]|[-.:]\d)"),
    # "around 2010", "circa 2012", "~2005", "spring of 2020", "end of 2019"
    _p("DATE", first=r"[acs~wfelbmap]", check=_approx_year_ok, group=1, triggers=_APPROX,
       pattern=rf"(?:\b(?:around|circa|ca\.|approx\.?|approximately|about|(?:spring|summer|"
       rf"fall|autumn|winter|early|mid|late|beginning|end)[ \t]+of)[ \t]*|~[ \t]*)"
       rf"({_YEAR})(?![\w/%]|[.,:-]\d)"),
    # "spring 2025", "summer of '19", "in fall 2019": the season is part of the date (session 16)
    _p("DATE", first="[swaf]", check=_season_year_ok,
       triggers=("spring", "summer", "winter", "autumn", "fall"),
       pattern=rf"\b(spring|summer|winter|autumn|fall)([ \t]+of)?[ \t]+{_SEASON_YEAR}"
       r"(?![\w/%]|[.,:-]\d)"),
    # "nov2019", "NOV2019", "Jan. '19"
    _p("DATE", triggers=MON_TRIGGERS, first=_MON_FIRST,
       pattern=r"\b(?:(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?:19|20)\d\d|"
       r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.[ \t]*['\u2019]\d\d)(?![\w/]|[.,]\d)"),
    # "Date of Service 3/4", "DATE OF SURGERY: 3/4", "wk of 4/7"
    _p("DATE", first=r"[dw]", group=1,
       pattern=rf"\b(?:date[ \t]+of[ \t]+(?:service|surgery|admission|discharge|procedure|visit|"
       rf"injury|onset|birth|death|exam|study|transfer|consult|dictation|transcription|arrival|"
       rf"delivery|report)|wks?[ \t]+of)[ \t:]*({_M}/{_D}(?:/{_Y})?)(?![\w/]|[.:-]\d)"),
    # "on the twenty-third", "by the 15th.", "the 23rd of May"
    _p("DATE", first="t", triggers=("the",), group=1, check=_day_ok,
       pattern=rf"\bthe[ \t]+({_SPELLED_DAY}|{_NUM_DAY}){_DAY_END}"),
    # "on the 28th but I start a new job" (session 17): a day of 10 or more after "on the"
    # before a clause that goes on with a conjunction; not "on the 2nd but not the 3rd cycle"
    # (session 18: low ordinals count cycles, lines and attempts)
    _p("DATE", first="o", triggers=("on the",), group=1, check=_on_the_day_ok,
       pattern=r"\bon[ \t]+the[ \t]+((?:3[01]|[12]\d)(?:st|nd|rd|th))"
       r"(?=[ \t]+(?:but|so|because|unless|if)\b)"),
    # "Prevnar 2019", "PPSV23 2015", "flu shot 2024", "covid booster 2022"
    _p("DATE", check=_approx_year_ok, group=1, triggers=_VACCINES, first="[pszfichbtm]",
       pattern=rf"\b(?:prevnar(?:[ \t-]?\d\d)?|pcv[ \t-]?\d\d|ppsv[ \t-]?23|pneumococcal|shingrix|"
       rf"zostavax|shingles[ \t]+(?:vaccine|shot)|flu[ \t]+(?:shot|vaccine)|influenza[ \t]+vaccine|"
       rf"covid(?:-19)?[ \t]+(?:vaccine|booster|shot)|booster|hep[ \t]*[ab][ \t]+(?:vaccine|series)|"
       rf"tdap|mmr|ppd)[ \t:,(]+(?:in[ \t]+)?({_YEAR})(?![\w/%]|[.,:-]\d)"),
    # "b. 1931"
    _p("DATE", first="b", triggers=("b.",), group=1,
       pattern=rf"\bb\.[ \t]*({_YEAR})(?![\w/.]|[,:-]\d)"),
]
