"""Years of a history dated after a placing or treating verb (session 29).

``_history_years`` reads "ICD implanted 2016" and "VALVE REPLACED 2015"; new writers also
write the verb "placed", a bracket between the device and its verb, a brand in the bracket, and
a treatment's year in the illness's bracket, and the crf that reads some of them in mixed case
misses them in capitals: "ICD PLACED 2016", "ICD (PLACED 2017)", "mechanical mitral valve
(On-X, replaced 2016)", "Hep C (treated 2021, SVR)", "sleep study from 2019", "advance directive
on file from 2021". Session 28's readable groups show the class in four of nine groups.

* A long-term implant (not a line, a tube or a drain: "PIV placed 2015", "foley placed 2030",
  "trach placed 2010" are bedside acts at a clock time), up to two words and one open bracket
  of up to 30 characters before "placed" / "implanted" / "replaced" / "inserted" / "upgraded" /
  "changed" / "revised" and the year; not a bedside act on it ("lvad driveline dressing changed
  2018", "transvenous pacer placed 2012", "temp wire placed"; :data:`_BEDSIDE`).
* An illness of a course of treatment (hepatitis C, TB, a cancer, a lymphoma), then "(treated"
  / "(tx'd" / "(cured" and the year ("hypoglycemia treated 2015" is an act at the bedside).
* A study or a directive "on file" / "in chart" then "from" / "dated" and the year.

The year is 1960-2029, never a round clock time (2000, 2015, 2030, 2045) after "placed" or a
study, never after "at" / "@", before a unit or "to" / a dash and a time, and it ends its phrase
(a bracket, a comma, a stop, a semicolon, a dash, "and", "at", "in", "for", "with", "by").
"""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["DEVICE_YEAR_PATTERNS"]

_YEAR = r"((?:19[6-9]|20[0-2])\d)(?![\w/]|[.,:-]\d)"
_DEVICE = (r"(?:icd|aicd|ppm|pacemaker|pacer|defibrillator|crt-?d|crt-?p|biv|lvad|vad|heartmate"
           r"[ \t]*\d?|valve|avr|mvr|tvr|tavr|tavi|savr|watchman|mitraclip|dbs|stimulator|"
           r"generator|port-?a-?cath|portacath|ivc[ \t]+filter|vp[ \t]+shunt|baclofen[ \t]+pump|"
           r"insulin[ \t]+pump|loop[ \t]+recorder|ilr)")
_PLACED = re.compile(
    r"\b" + _DEVICE + r"\b(?:[ \t]+[a-z0-9-]+){0,2}?[ \t]*(?:\([^()\n]{0,30}?)?[ \t,]*\b"
    r"(?:placed|implanted|replaced|inserted|upgraded|changed|revised)(?:[ \t]+(?:in|on))?[ \t]*$")
#: Words of a bedside act on a device or a temporary one, within or just before the match.
_BEDSIDE = re.compile(r"\b(?:dressing|dressings|site|wire|wires|temp|temporary|transvenous|"
                      r"transcutaneous|driveline)\b")
_ILLNESS = (r"(?:hep(?:atitis)?[ \t]*[bc]|hcv|hbv|tb|tuberculosis|latent[ \t]+tb|h\.?[ \t]*pylori|"
            r"syphilis|[a-z]*(?:cancer|ca|oma|emia)|hodgkin'?s?|malignancy|cml|cll|aml|all)")
_TREATED = re.compile(r"\b" + _ILLNESS + r"[ \t]*\((?:s/p[ \t]+)?(?:treated|tx'?d|tx'ed|cured|completed"
                      r"[ \t]+(?:tx|treatment|therapy))(?:[ \t]+in)?[ \t]*$")
_FILED = re.compile(
    r"\b(?:(?:sleep|stress)[ \t]+study|study|directive|poa|molst|polst|living[ \t]+will|paperwork|"
    r"form|forms|records|record)(?:[ \t]+(?:on[ \t]+file|in[ \t]+(?:the[ \t]+)?chart))?[ \t]+"
    r"(?:from|dated)[ \t]+$")
_STUDY = re.compile(r"stud(?:y|ies)\b")
_ROUND = ("00", "15", "30", "45")
_TIME_BEFORE = re.compile(r"(?:\bat|@|\bby|\baround|\buntil|~)[ \t]*$")
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|u|iu|meq|mmol|x|hrs?|h|hours|mins?|to|through|"
    r"thru|until|today|tonight|tomorrow|this|rpm)\b|%|/|-[ \t]*\d|:\d)")
_END = re.compile(r"[ \t]*(?:[),;]|-[ \t]|\.(?!\d)|$|(?:and|at|in|for|with|by|per|svr)\b)", re.MULTILINE)


def _device_year(m: re.Match[str], text: str) -> bool:
    """A year after an implant's placing, an illness's treatment or a filed study (docstring)."""
    start, year = m.start(1), m.group(1)
    head = text[max(0, start - 80):start].lower()
    tail = text[m.end(1):m.end(1) + 20].lower()
    if _UNIT_AFTER.match(tail) or _TIME_BEFORE.search(head[-8:]) or not _END.match(tail):
        return False
    round_time = year >= "2000" and year[2:] in _ROUND
    if _TREATED.search(head):
        return True
    f = _FILED.search(head)
    if f is not None:
        return not (round_time and _STUDY.search(f.group(0)))
    p = _PLACED.search(head)
    return not round_time and p is not None and _BEDSIDE.search(head, max(0, p.start() - 16)) is None


DEVICE_YEAR_PATTERNS: list[Pattern] = [
    make_pattern("DATE", first=r"\d", group=1, check=_device_year,
                 pattern=r"(?<![\w/.,:])" + _YEAR),
]
