"""A month/day/year after a pressure cue ("PAP 6/14/71", "PAP 11/2/2019"): a date, not a
pressure, when its numbers cannot be one (session 16; moved out of ``_patterns.py`` by
datefix16 to keep that module short)."""

from __future__ import annotations

import re

__all__ = ["no_pressure"]


#: "CPAP 5/10/15", "BiPAP 5/12/14" are settings, no pressure's cue (datefix16).
_PRESSURE_CUE = re.compile(r"(?:(?<![a-z])pap|pas|bp|nibp|abp|art|a-?line|cuff)\W*$",
                           re.IGNORECASE)
_PA_CUE = re.compile(r"(?<![a-z])pa[ps]\W*$", re.IGNORECASE)
_THREE_PARTS = re.compile(r"(\d{1,2})/(\d{1,2})/(\d\d|\d{4})$")


def no_pressure(m: re.Match[str], cue: re.Match[str]) -> bool:
    """"PAP 6/14/71": a pressure's first number (systolic) is never below its second, so a
    month below its day after a pressure cue is a date (session 16); so is one with a
    four-digit year ("PAP 11/2/2019", also after CPAP or BiPAP: "CPAP 3/14/2019") or, after
    "PAP", one whose third number is no mean pressure between the other two ("PAP 12/6/72";
    datefix16)."""
    parts = _THREE_PARTS.match(m.group(0))
    if parts is None:
        return False
    month, day, third = int(parts.group(1)), int(parts.group(2)), int(parts.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    if len(parts.group(3)) == 4:  # never a pressure or a setting: "CPAP 3/14/2019"
        return True
    if not _PRESSURE_CUE.search(cue.group(0)):
        return False
    if month < day:
        return True
    # after "PAP" the third number is the mean, between the other two: "PAP 12/6/72" is a
    # date; after "BP" it may be a rate ("BP 12/8/70")
    return bool(_PA_CUE.search(cue.group(0))) and not day <= third <= month
