"""Shift a date string by a number of days, keeping its format.

``shift_date("07/22/2019", 30) == "08/21/2019"``, ``shift_date("July 22nd", 30) ==
"August 21st"``, ``shift_date("22-JUL-19", -3) == "19-JUL-19"``. Times of day ("14:35", "2pm")
are returned unchanged: they identify no one once the date is shifted. Strings that cannot be
parsed return None (the caller then redacts them).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["shift_date"]

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MON = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)}
_MON["sept"] = 9
_TIME = re.compile(r"^(?:\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?|"
                   r"\d{4}\s*(?:h|hrs?|hours)?)$", re.IGNORECASE)
_NUM = re.compile(r"^(\d{1,4})([-/.])(\d{1,2})(?:\2(\d{2,4}))?$")
_WORDY = re.compile(
    r"^(?:(?P<d1>\d{1,2})(?P<o1>st|nd|rd|th)?(?P<sep1>\s+of\s+|[\s-]*))?"
    r"(?P<mon>[A-Za-z]+)(?P<dot>\.?)"
    r"(?:(?P<sep2>\s*|-)(?P<d2>\d{1,2})(?P<o2>st|nd|rd|th)?(?![\d']))?"
    r"(?:(?P<sep3>,?\s*|-|\s+of\s+)(?P<year>\d{4}|['\u2019]\d\d|\d\d))?$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})([\s-]*)([A-Za-z]+)(\.?)([\s-]*)(\d{4}|\d\d)$")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_REF_YEAR = 2001  # for dates without a year: not a leap year, so 2/29 cannot be built


def _weekday(word: str) -> int | None:
    """0 (Monday) to 6 for a weekday name or abbreviation ("Thurs", "wed."), else None."""
    low = word.lower().rstrip(".")
    for i, name in enumerate(_WEEKDAYS):
        if len(low) >= 3 and name.startswith(low) or low == "weds" and i == 2:
            return i
    return None


def _weekday_word(day: int, like: str) -> str:
    """Weekday ``day`` written as ``like`` is: full or three-letter, upper, title or lower."""
    name = _WEEKDAYS[day]
    core = like.rstrip(".")
    word = name if len(core) > 5 or core.lower() == name else name[:3]
    if core.isupper():
        word = word.upper()
    elif core[0].isupper():
        word = word.capitalize()
    return word + like[len(core):]


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _year(raw: str) -> tuple[int, str]:
    """The full year and its style: '4', '2' or an apostrophe."""
    if raw[0] in "'\u2019":
        y = int(raw[1:])
        return (1900 + y if y > 30 else 2000 + y), raw[0]
    if len(raw) == 2:
        y = int(raw)
        return (1900 + y if y > 30 else 2000 + y), "2"
    return int(raw), "4"


def _fmt_year(y: int, style: str) -> str:
    if style == "4":
        return f"{y:04d}"
    return (style if style != "2" else "") + f"{y % 100:02d}"


def _pad(value: int, padded: bool) -> str:
    return f"{value:02d}" if padded else str(value)


def _padded(*fields: str) -> bool:
    """Zero-padded: a field starts with 0, or every field has two digits ("12/22")."""
    return any(f.startswith("0") for f in fields) or all(len(f) == 2 for f in fields)


def _month_word(m: int, like: str) -> str:
    """Month ``m`` written as ``like`` is: full or abbreviated, upper, title or lower case."""
    full = _MONTHS[m - 1]
    low = like.lower()
    word = full
    if low not in _MONTHS:  # an abbreviation: "Jul", "SEPT"
        word = "sept" if low == "sept" and m == 9 else full[:3]
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[0].isupper() else word


def _shift_numeric(m: re.Match[str], days: int) -> str | None:
    a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
    if len(a) == 4:  # YYYY-MM-DD
        d = date(int(a), int(b), int(c)) + timedelta(days)
        pad = _padded(b, c)
        return f"{d.year:04d}{sep}{_pad(d.month, pad)}{sep}{_pad(d.day, pad)}"
    pad = _padded(a, b)
    if c is None:  # month/day
        if len(a) > 2 or int(a) > 12:
            return None
        d = date(_REF_YEAR, int(a), int(b)) + timedelta(days)
        return f"{_pad(d.month, pad)}{sep}{_pad(d.day, pad)}"
    year, style = _year(c)
    if int(a) > 12:  # day first
        d = date(year, int(b), int(a)) + timedelta(days)
        return f"{_pad(d.day, pad)}{sep}{_pad(d.month, pad)}{sep}{_fmt_year(d.year, style)}"
    d = date(year, int(a), int(b)) + timedelta(days)
    return f"{_pad(d.month, pad)}{sep}{_pad(d.day, pad)}{sep}{_fmt_year(d.year, style)}"


def _month(word: str) -> int | None:
    low = word.lower()
    month = _MON.get(low[:4] if low.startswith("sept") else low[:3])
    if month is None or (len(low) > 4 and not _MONTHS[month - 1].startswith(low)):
        return None
    return month


def _shift_dmy(m: re.Match[str], days: int) -> str | None:
    """"22 Jul 2019", "22-JUL-19", "22JUL2019"."""
    month = _month(m.group(3))
    if month is None:
        return None
    year, style = _year(m.group(6))
    d = date(year, month, int(m.group(1))) + timedelta(days)
    return (_pad(d.day, m.group(1).startswith("0")) + m.group(2) + _month_word(d.month, m.group(3))
            + m.group(4) + m.group(5) + _fmt_year(d.year, style))


def _shift_wordy(m: re.Match[str], days: int) -> str | None:
    mon_raw = m.group("mon")
    month = _month(mon_raw)
    if month is None:
        return None
    day_raw = m.group("d1") or m.group("d2")
    year_raw = m.group("year")
    year, style = _year(year_raw) if year_raw else (_REF_YEAR, "")
    if day_raw is None:  # "July 2019", "Dec '92"
        d = date(year, month, 15) + timedelta(days)
        new_day = None
    else:
        d = date(year, month, int(day_raw)) + timedelta(days)
        new_day = d.day
    word = _month_word(d.month, mon_raw) + m.group("dot")
    year_s = _fmt_year(d.year, style) if year_raw else ""
    out = ""
    if m.group("d1"):
        ordn = _ordinal(new_day) if m.group("o1") else ""
        if m.group("o1") and m.group("o1").isupper():
            ordn = ordn.upper()
        out += _pad(new_day, m.group("d1").startswith("0")) + ordn + m.group("sep1")
    out += word
    if m.group("d2"):
        ordn = _ordinal(new_day) if m.group("o2") else ""
        if m.group("o2") and m.group("o2").isupper():
            ordn = ordn.upper()
        out += m.group("sep2") + _pad(new_day, m.group("d2").startswith("0")) + ordn
    if year_raw:
        out += m.group("sep3") + year_s
    return out


_SPACED = re.compile(r"^(\d{1,4})(\s*[-/.]\s*)(\d{1,2})(?:(\s*[-/.]\s*)(\d{2,4}))?$")
_YMD_WORD = re.compile(r"^((?:19|20)\d\d)([\s-]?)([A-Za-z]+)(\.?[\s-]?)(\d{1,2})$")


def _shift_spaced(m: re.Match[str], days: int) -> str | None:
    """"03 - 14 - 19", "3 / 14": shifted like "03-14-19", the spacing kept."""
    sep = m.group(2).strip()
    if m.group(4) is not None and m.group(4).strip() != sep:
        return None
    compact = m.group(1) + sep + m.group(3) + (sep + m.group(5) if m.group(5) else "")
    shifted = shift_date(compact, days)
    if shifted is None:
        return None
    parts = shifted.split(sep)
    out = parts[0] + m.group(2) + parts[1]
    return out + (m.group(4) + parts[2] if len(parts) > 2 else "")


def _shift_ymd_word(m: re.Match[str], days: int) -> str | None:
    """"2019Mar14", "2019-Mar-14"."""
    month = _month(m.group(3))
    if month is None:
        return None
    d = date(int(m.group(1)), month, int(m.group(5))) + timedelta(days)
    return (f"{d.year:04d}" + m.group(2) + _month_word(d.month, m.group(3)) + m.group(4)
            + _pad(d.day, m.group(5).startswith("0")))


_COMPACT = re.compile(r"^((?:19|20)\d\d)(\d\d)(\d\d)([Tt]\d{4,6})?$")
_WITH_TIME = re.compile(r"^(\d{4}([-/.])\d{1,2}\2\d{1,2})([Tt]\d\d:\d\d\S*)$")
_RANGE = re.compile(r"^(\d{1,2}/\d{1,2})-(\d{1,2}/\d{1,2})$")
_ANY_RANGE = re.compile(r"^(\S.*?\d)(\s*[-\u2013]\s*)(\S.*)$")


def shift_date(value: str, days: int) -> str | None:
    """``value`` shifted by ``days`` in its own format; times unchanged; None if unparseable."""
    s = value.strip()
    try:
        if _TIME.match(s):
            return value
        weekday = _weekday(s)
        if weekday is not None:  # "Thurs": the same number of days later
            return _weekday_word((weekday + days) % 7, s)
        m = _COMPACT.match(s)
        if m:  # "20190722", "20190722T1030"
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + timedelta(days)
            return f"{d.year:04d}{d.month:02d}{d.day:02d}" + (m.group(4) or "")
        m = _WITH_TIME.match(s)
        if m:  # "2019-07-22T10:30"
            head = shift_date(m.group(1), days)
            return None if head is None else head + m.group(3)
        m = _RANGE.match(s)
        if m:  # "7/22-7/25"
            a, b = shift_date(m.group(1), days), shift_date(m.group(2), days)
            return None if a is None or b is None else f"{a}-{b}"
        if re.fullmatch(r"['\u2019]\d\d", s):
            year, style = _year(s)
            return _fmt_year((date(year, 7, 1) + timedelta(days)).year, style)
        m = _NUM.match(s)
        if m:
            return _shift_numeric(m, days)
        m = _SPACED.match(s)
        if m:
            return _shift_spaced(m, days)
        m = _YMD_WORD.match(s)
        if m:
            return _shift_ymd_word(m, days)
        m = _DMY.match(s)
        if m:
            return _shift_dmy(m, days)
        m = _WORDY.match(s)
        if m:
            return _shift_wordy(m, days)
        m = _ANY_RANGE.match(s)
        if m:  # "12/24/18-12/28/18", "Jan 3 - Jan 5"
            a, b = shift_date(m.group(1), days), shift_date(m.group(3), days)
            return None if a is None or b is None else a + m.group(2) + b
    except (ValueError, OverflowError):
        return None
    return None
