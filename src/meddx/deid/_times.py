"""Times of day: the patterns that tag them (only with ``deid.times: true``) and the test
that drops them from any detector's DATE spans otherwise.

HIPAA Safe Harbor lists dates, not times of day: "at 0600", "lasix at 6pm", "14:30",
"@ 1915" and the "3-11" shift identify no one and carry clinical meaning (when a drug was
given). So by default they are not PHI. A stricter policy sets ``deid.times: true``.
"""

from __future__ import annotations

import re

from meddx.deid._life_years import life_year_at
from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["AT_TIME_BEFORE", "TIME_PATTERNS", "is_time_of_day"]

_p = make_pattern
_D = r"\d"

_TIME_AFTER_BAD = re.compile(r"^\s*(?:dilution|ratio|solution|mix)", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"^\s*(?:ml|mg|mcg|cc|g|gm|kg|l|units?|iu|meq|mmol|ng|%|x|times|/)",
                         re.IGNORECASE)
_RATIO_BEFORE = re.compile(r"(?:ratio|i:e|dilution|diluted|odds|titer|titre|mixed)\W*$",
                           re.IGNORECASE)


def _clock_ok(m: re.Match[str], text: str) -> bool:
    """"14:35" is a time; "1:10 dilution", "ratio 1:10", "I:E 1:20" are not."""
    return not (_TIME_AFTER_BAD.match(text[m.end():m.end() + 12])
                or _RATIO_BEFORE.search(text[max(0, m.start() - 12):m.start()]))


# A word that puts a clock time after it: "at 0800", "@ 2130", "until 2300".
_TIME_CUE_BEFORE = re.compile(
    r"(?:\bat|@|\bby|\buntil|\bsince|\bapprox\.?|\baround|\btime:?|\bfrom|\bto)\s*$",
    re.IGNORECASE)

# A date just before: "07/22/19 1430", "2019-07-22 0800", "Jul 22, 2019 2130".
_DATE_BEFORE = re.compile(
    r"(?:(?<![\w/.-])(?:\d{1,2}[-/.]\d{1,2}(?:[-/.](?:\d{4}|\d\d))?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})|"
    r"\b[a-z]{3,9}\.?[ -]\d{1,2}(?:st|nd|rd|th)?(?:(?:, ?| |-)(?:19|20)\d\d)?|"
    r"\b[a-z]{3,9},? (?:19|20)\d\d|\b\d{1,2}[ -][a-z]{3,9}(?:[ -](?:\d{4}|\d\d))?|"
    r"\b(?:19|20)\d{6})[ \t,]*$", re.IGNORECASE)


def _military_ok(m: re.Match[str], text: str) -> bool:
    """"at 0800", "@ 2130", "07/22/19 1430"; not "at 1000 mL"."""
    before = text[max(0, m.start() - 24):m.start()]
    cued = _TIME_CUE_BEFORE.search(before[-10:]) or _DATE_BEFORE.search(before)
    return bool(cued) and not _UNIT_AFTER.match(text[m.end():m.end() + 8])


TIME_PATTERNS: list[Pattern] = [
    # "14:35", "2:30 pm", "14:35:07"
    _p("DATE", first=_D,
       pattern=r"(?<![\d:.])(?:2[0-3]|[01]?\d):[0-5]\d(?::[0-5]\d)?(?:\s?(?:[ap]m\b|[ap]\.m\.))?"
       r"(?![\d:])",
       check=_clock_ok),
    # "2pm", "11 a.m."
    _p("DATE", first=_D,
       pattern=r"(?<![\d:.])(?:1[0-2]|0?[1-9])\s?(?:[ap]m\b|[ap]\.m\.)"),
    # "1400 hrs", "at 0800", "@ 2130"
    _p("DATE", first=_D,
       pattern=r"(?<![\d:.])(?:[01]\d|2[0-3])[0-5]\d\s?(?:h|hr|hrs|hours)\b"),
    _p("DATE", first=_D,
       pattern=r"(?<![\d:.,])(?:[01]\d|2[0-3])[0-5]\d(?![\d:/-]|[.,]\d)", check=_military_ok),
]

_CLOCK = (r"(?:(?:2[0-3]|[01]?\d):[0-5]\d(?::[0-5]\d)?(?:\s?(?:[ap]\.?m\.?))?|"
          r"(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?(?:[ap]\.?m\.?)|noon|midnight|"
          r"(?:[01]\d|2[0-3])[0-5]\d(?:\s?(?:h|hrs?|hours))?)")
_TIME_ONLY = re.compile(rf"(?:{_CLOCK})(?:\s*(?:-|to)\s*(?:{_CLOCK}))?", re.IGNORECASE)
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
_RANGE_SPLIT = re.compile(r"\s*(?:-|to)\s*", re.IGNORECASE)
#: Words after which a year-like number is a clock time ("at 1930", "@ 2015", "until 2000").
AT_TIME_BEFORE = re.compile(
    r"(?:\b(?:at|by|until|till|approx\.?|around|about|time:?)|[@~])\s*$", re.IGNORECASE)


def is_time_of_day(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only a time of day (or a range of them): "0600",
    "6pm", "14:30", "19:00-07:30", "noon". A four-digit number that could be a year
    ("1998", "2009"), or a range of them ("2021-2022"), counts as a time only after a time
    cue ("at 2009", "@ 1915", "at 1930-2000")."""
    value = text[start:end].strip()
    if not _TIME_ONLY.fullmatch(value):
        return False
    if all(_YEARLIKE.fullmatch(part) for part in _RANGE_SPLIT.split(value)):
        return bool(AT_TIME_BEFORE.search(text[max(0, start - 10):start])) \
            and not life_year_at(text, start, end)  # "lived alone until 2017" (_life_years)
    return True
