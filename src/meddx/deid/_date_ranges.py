"""Dates that the month/day patterns of ``_patterns`` leave out because of what stands beside
them (session 10, deidmisc10):

* a range whose second date carries the year: "10/12-10/16/25", "8/3 - 8/24/2025" (one span
  over both dates; the plain "m/d" rule stops at the hyphen and the full-date rule wants both
  years);
* a range of days before the month: "12-14 Oct", "12-14 DECEMBER 2025", "3rd-5th Nov";
* spaced slashes: "10 / 28", "3 / 4 / 2024"; with a year always, without one only after a
  date word or when the day cannot be a score's denominator (over 12), never after a score,
  a strength or a vital sign ("BP 120 / 80", "strength 4 / 5", "MoCA 21 / 30");
* a full date glued to the next word: "10/12/25at 0600", "SEEN 10/12/25AND 10/14/25";
* two dates joined by "and", "&", "or": "Fell 10/27 and 11/2" (the fraction guard reads
  "and" after the first as "5/5 and 4/5"); both must be unambiguous dates (a day over 10 or a
  month over the day), so "grips 5/5 and 4/5", "pain 8/10 and 6/10" stay.
"""

from __future__ import annotations

import re

from meddx.deid._patterns import (
    _DATE_CUE_BEFORE,
    _FRACTION_AFTER,
    _FRACTION_BEFORE,
    _MON_FIRST,
    _STRENGTH_AFTER,
    DAY,
    MON,
    MON_TRIGGERS,
    YEAR4,
    Pattern,
    _measure,
    _month_ok,
    make_pattern,
)

__all__ = ["RANGE_DATE_PATTERNS"]

_p = make_pattern
_M = r"(1[0-2]|0?[1-9])"
_DD = r"(3[01]|[12]\d|0?[1-9])"
_START = r"(?<![\w/.-])"
_END = r"(?![\w/]|[:.-]\d)"
_DASH = r"[ \t]*[-\u2013][ \t]*"
_TO = r"(?:[ \t]*[-\u2013][ \t]*|[ \t]+(?:to|through|thru|and|&)[ \t]+(?:the[ \t]+)?)"
# no unit, count or clock after the second day: "may 3 to 5 mg", "Oct 12 to 16 days"
_NO_UNIT = (r"(?![ \t]*(?:%|mg|ml|units?|days?|d\b|weeks?|wks?|months?|hrs?|hours?|mins?|x\b|"
            r"times|[ap]\.?m\b|:\d))")
_SLASH = r"(?:[ \t]+/[ \t]*|/[ \t]+)"  # a slash with a space on at least one side
_SCORE_BEFORE = re.compile(r"\b(?:moca|mmse|slums|score[sd]?|scored|gcs|apgars?|rated|"
                           r"vision|acuity|va)\b[^\n.;]{0,12}$", re.IGNORECASE)


def _day_range_ok(m: re.Match[str], text: str) -> bool:
    """"12-14 Oct"; a lower-case "may"/"mar"/"march"/"dec" (a verb, "decreased") only with a
    year."""
    if not _month_ok(m, text):
        return False
    words = re.findall(r"[a-z]+", text[m.start():m.end()])
    verbs = any(w in ("may", "mar", "march", "dec") for w in words)
    return not verbs or bool(re.search(r"\d{4}", m.group(0)))


def _spaced_ok(m: re.Match[str], text: str) -> bool:
    """"10 / 28", "seen on 4 / 6", "3 / 4 / 2024"; not "strength 4 / 5", "MoCA 21 / 30"."""
    before = text[max(0, m.start() - 24):m.start()]
    after = text[m.end():m.end() + 15]
    if _measure(m, text) or _FRACTION_BEFORE.search(before) or _SCORE_BEFORE.search(before):
        return False
    if _FRACTION_AFTER.match(after) or _STRENGTH_AFTER.match(after):
        return False
    if m.group("sy") is not None:
        return True
    return int(m.group("sd")) > 12 or bool(_DATE_CUE_BEFORE.search(before))


def _plain(month: str, day: str) -> bool:
    """A month/day that cannot be a common fraction: a day over 10 or a month over the day."""
    return int(day) > 10 or int(month) > int(day)


def _pair_ok(m: re.Match[str], text: str) -> bool:
    """"Fell 10/27 and 11/2": both unambiguous, no score or vital sign before, no unit after."""
    if not (_plain(m.group("pm"), m.group("pd")) and _plain(m.group("qm"), m.group("qd"))):
        return False
    before = text[max(0, m.start() - 24):m.start()]
    if _measure(m, text) or _FRACTION_BEFORE.search(before) or _SCORE_BEFORE.search(before):
        return False
    return not _FRACTION_AFTER.match(text, m.end("qd"))


def _digit_led_ok(m: re.Match[str], text: str) -> bool:
    """The check of whichever form of the one digit-led pattern below matched."""
    if m.group("rng") is not None or m.group("glued") is not None:
        return not _measure(m, text)
    if m.group("dmon") is not None:
        return _day_range_ok(m, text)
    if m.group("sd") is not None:
        return _spaced_ok(m, text)
    return _pair_ok(m, text)


def _md(month: str, day: str) -> str:
    return rf"(?P<{month}>1[0-2]|0?[1-9])/(?P<{day}>3[01]|[12]\d|0?[1-9])"


RANGE_DATE_PATTERNS: list[Pattern] = [
    # One digit-led pattern (one match attempt per digit in the note), four forms:
    _p("DATE", first=r"\d", check=_digit_led_ok,
       pattern=rf"{_START}(?:"
       # "10/12-10/16/25", "8/3 - 8/24/2025", "10/12-16/25"
       rf"(?P<rng>{_M}/{_DD}{_DASH}(?:{_M}/)?{_DD}/(?:{YEAR4}|\d\d){_END})|"
       # "12-14 Oct", "12-14 DECEMBER 2025", "3rd-5th Nov", "12 to 14 Oct", "3rd and 5th Nov"
       rf"(?P<dmon>{DAY}{_TO}{DAY}[ \t]+(?:of[ \t]+)?{MON}(?:,?[ \t]+{YEAR4})?{_END})|"
       # "10 / 28", "3 / 4 / 2024"
       rf"(?P<sm>1[0-2]|0?[1-9]){_SLASH}(?P<sd>3[01]|[12]\d|0?[1-9])(?:{_SLASH}(?P<sy>{YEAR4}|\d\d))?"
       r"(?![\w/]|[ \t]*/|[:.-]\d)|"
       # "10/12/25at 0600", "10/12/2025and": a full date glued to the next word
       rf"(?P<glued>{_M}/{_DD}/(?:{YEAR4}|\d\d))(?=(?:at|on|and|to|by|per|in|from|for|with)\b)|"
       # "10/27 and 11/2", "9/14 & 10/2": the first date (the second has its own rule)
       rf"{_md('pm', 'pd')}(?=[ \t]*(?:and|&|or)[ \t]*{_md('qm', 'qd')}{_END}))"),
    # "Oct 12 to 16", "October 12 through 16", "Oct 12 -16" (the hyphen-glued form is in _patterns)
    _p("DATE", first=_MON_FIRST, triggers=MON_TRIGGERS, check=_day_range_ok,
       pattern=rf"\b{MON}[ \t]*{DAY}{_TO}{DAY}(?:,?[ \t]+{YEAR4})?{_END}{_NO_UNIT}"),
]
