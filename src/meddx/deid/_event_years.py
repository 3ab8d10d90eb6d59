"""Bare years of a history that new writers date with no cue word (session 26).

``_history_years`` reads a year after a procedure; ICU writers also date a document, an
illness or an injury by a bare year: "advance directive from 2016", "echo from 2019",
"card says implanted 2009 at ...", "short gut after mesenteric ischemia 2023", "ex lap after
MVA 2012 -", "prior intubation for asthma 2015 at an outside hospital", "R toe amp 2021)",
"multiple ICU admits (last one 2023)". Three cues, the word or words right before the year:

* a document and "from" / "dated" / "of" (a study's name: not at a round clock time, "echo from
  2000" is read as 20:00);
* "implanted" / "diagnosed" / "dx'd" (never a bedside act);
* an illness or injury: a word in -emia, -itis, -osis, -oma or -pathy (not "hypo-" / "hyper-":
  "hypoglycemia 2015" is an event at the bedside, a clock time), a stroke, an infarct, a
  crash, a fracture, an amputation, a listed disease, or "last one"; then the year must end
  the phrase (a bracket, a comma, a dash, a stop, "at" / "in" / "for" a place).

Every year is 1960-2029 and no clock time's company: "at 2016", "@ 2330", "from 2016 to
2100", "2000-2200", "2015 mL", "2015 tonight", a round time after an illness ("sepsis 2000").
"""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["EVENT_YEAR_PATTERNS"]

_YEAR = r"((?:19[6-9]|20[0-2])\d)(?![\w/]|[.,:-]\d)"
_DOCUMENT = re.compile(
    r"(?:advance[ \t]+directive|directive|poa|molst|polst|living[ \t]+will|will|echo|tte|tee|mri|"
    r"ct|cta|ekg|ecg|cath|report|records?|letter|scan|biopsy|colonoscopy|card|pfts?|films?)"
    r"[ \t]+(?:from|dated|of)[ \t]+$")
_STUDY = frozenset("echo tte tee mri ct cta ekg ecg cath scan colonoscopy films film".split())
_DIAGNOSED = re.compile(r"\b(?:implanted|diagnosed|dx'?d|dx'ed)(?:[ \t]+in)?[ \t]+$")
_ILLNESS_WORD = re.compile(r"(?<![a-z])([a-z][a-z'/-]*)[ \t]+$")
_ILLNESS_END = re.compile(r"[a-z]{3,}(?:emia|itis|osis|oma|omas|pathy)")
_ILLNESSES = frozenset("stroke strokes cva tia mi stemi nstemi mva mvc gsw fracture fx amp "
                       "amputation cancer asthma lymphoma leukemia melanoma tb covid hepatitis "
                       "intubation intubations admission admit admits one".split())
#: bedside words with an illness's ending: an event read at a clock time
_BEDSIDE = ("hypo", "hyper", "acidosis", "alkalosis", "ketosis", "ketoacidosis", "anemia",
            "mucositis", "phlebitis", "cyanosis", "diaphoresis", "diuresis", "ptosis")
#: what ends a dated phrase: a bracket, a comma, a dash, a stop, a place's preposition
_END = re.compile(r"[ \t]*(?:[),]|;(?![ \t]*\d)|-[ \t]|\.(?!\d)|$|(?:at|in|for|with|and)\b)",
                  re.MULTILINE | re.IGNORECASE)
_ROUND = ("00", "15", "30", "45")
_TIME_BEFORE = re.compile(r"(?:\bat|@|\bby|\baround|\bapprox\.?|\buntil|\btil|~)[ \t]*$")
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|u|iu|meq|mmol|kcal|x|hrs?|h|hours|mins?|"
    r"lbs?|to|through|thru|until|today|tonight|tomorrow|this)\b|%|/|-[ \t]*\d|:\d)", re.IGNORECASE)


def _event_year(m: re.Match[str], text: str) -> bool:
    """A year after a document, a diagnosis or an illness (module docstring)."""
    start, year = m.start(1), m.group(1)
    head = text[max(0, start - 40):start].lower()
    if _UNIT_AFTER.match(text, m.end(1)) or _TIME_BEFORE.search(head[-10:]):
        return False
    round_time = year >= "2000" and year[2:] in _ROUND
    d = _DOCUMENT.search(head)
    if d is not None:
        return not (round_time and d.group(0).split()[0] in _STUDY)
    if _DIAGNOSED.search(head):
        return True
    w = _ILLNESS_WORD.search(head)
    if w is None or round_time or not _END.match(text, m.end(1)):
        return False
    word = w.group(1).rstrip("'s")
    if word == "one":
        return head[:w.start(1)].rstrip().endswith("last")
    if word in _ILLNESSES:
        return True
    return bool(_ILLNESS_END.fullmatch(word)) and not word.startswith(_BEDSIDE) \
        and not word.endswith(_BEDSIDE)


EVENT_YEAR_PATTERNS: list[Pattern] = [
    make_pattern("DATE", first=r"\d", group=1, check=_event_year,
                 pattern=r"(?<![\w/.,:])" + _YEAR),
]
