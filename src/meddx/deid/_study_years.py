"""A bare year of an earlier study or procedure in a report: "MRI 2019 from Harlow Valley
Imaging", "Prior anesthesia 2016 at Palmetto Surgical Center", "prior CT 2018", "outside
echo 2021 (report only)".

A study word, then a four-digit year 1900-2039, then "at" / "from" and a capitalised word (a
place), or a word of time ("prior", "previous", "outside", "old", "remote") before the study
word. Not a time of day or a dose: "repeat CT 2000 tonight", "CT at 2015", "CT 2000 mg"
(no place after, no "prior" before; "at" before the number).
"""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["STUDY_YEAR_PATTERNS"]

_STUDIES = frozenset(
    "ct cta mri mra mr pet pet-ct us ultrasound x-ray xray xr cxr echo tte tee egd colonoscopy "
    "eeg emg dxa dexa pft pfts psg mammogram cath biopsy anesthesia anaesthesia surgery study "
    "exam imaging film films report".split())
_TIME_WORDS = frozenset("prior previous outside old remote".split())
_PLACE_AFTER = re.compile(r"[ \t]+(?:at|from)[ \t]+(?:the[ \t]+)?[A-Z]")
_UNIT_AFTER = re.compile(r"[ \t]*(?:mg|ml|cc|units?|%|/|-[ \t]*\d|:\d|hrs?|h\b)", re.IGNORECASE)


def _study_year_ok(m: re.Match[str], text: str) -> bool:
    """A study word before the year, and a place after it or a word of time before the study."""
    if text[m.start() - 1:m.start()] not in (" ", "\t"):
        return False
    words = text[max(0, m.start() - 40):m.start()].lower().split()
    if not words or words[-1] not in _STUDIES or _UNIT_AFTER.match(text, m.end()):
        return False
    return (len(words) > 1 and words[-2] in _TIME_WORDS) or _PLACE_AFTER.match(text, m.end()) is not None


STUDY_YEAR_PATTERNS: list[Pattern] = [
    make_pattern("DATE", first=r"\d", check=_study_year_ok,
                 pattern=r"(?<![\w/.,:-])(?:19|20)\d\d(?![\w/]|[.,:-]\d)"),
]
