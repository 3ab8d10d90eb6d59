"""Dates written without a full day: years in a history, M/YY and month names alone.

The reference annotation of real notes marks years about the patient's history ("s/p MI
1992", "CABG 81, redo 84", "quit 2009", "c-section x2 (2008, 2011)"), month/year in a
history ("colectomy 1/98") and a month named alone ("seen in April", "(May, July, now)").
Each needs a cue, because a bare number is far more often a dose, a volume or a time:

* a four-digit year 1900-2039 or 2060-2099 after a history word, "in", "since", "(", or after another
  such year in a list; never after a time cue ("at 1930", "@ 2015") or before a unit;
* a two-digit year only after a procedure or diagnosis word ("CABG 98", "MI 81", "redo 84");
* M/YY when YY cannot be a day (32-99) and no vent or lab word is near ("PEEP 5/40");
* a month name after "in", "since", "until", "from", "last", "early" ... or "(".
"""

from __future__ import annotations

import re

from meddx.deid._date_places import year_after_facility, year_at_place
from meddx.deid._patterns import MON, MON_TRIGGERS, Pattern, make_pattern
from meddx.deid._study_years import STUDY_YEAR_PATTERNS
from meddx.deid._times import AT_TIME_BEFORE

__all__ = ["YEAR_PATTERNS", "since_reads_as_clock"]

_p = make_pattern

# Procedures, diagnoses and life events that a year follows ("CABG 1998", "MI 81").
_EVENT = (r"cabg|mi|nstemi|stemi|cva|tia|stroke|pci|ptca|stents?|appy|appendectomy|chole|"
          r"cholecystectomy|colectomy|hysterectomy|c-?sections?|tkr|thr|tka|tha|avr|mvr|redo|"
          r"repair|replacement|surgery|dx|dx'?d|diagnosed|quit|smoking|widowed|married|divorced|"
          r"died|retired|moved|tdap|vaccine|pneumovax|colonoscopy|mammogram|echo|cath|bypass|"
          r"transplant|ablation|ppm|aicd|icd|dialysis|chemo|xrt|radiation|lumpectomy|"
          r"mastectomy|prostatectomy|turp|nephrectomy|dvt|pe|fx|fracture|knee|hip|ex-?smoker|"
          r"delivery|hospitalized|admission|cancer|ca|lobectomy|craniotomy|laminectomy|fusion|"
          r"ptx|pna|sah|ich|bleed|gib|seizure|arrest|amputation|ostomy|tracheostomy|trach")
# Recurrences, devices and deliveries dated by a bare year ("recurrence 2088", "CRT-D 2083",
# "(created 2086", "prior SVDs 2085", "prior angio 2087"; session 17). These words also stand
# before clock times ("Note created 2030", "LVAD 2000 alarm"), device speeds ("LVAD 2080 rpm")
# and counts ("recurrence 1985 days"), so a year after one must be one no clock can read
# (1960-1999, 2060-2099) with no count after it (session 18, deiddate17's review).
_LATE_EVENT = (r"recurrence|recurred|relapsed?|created|implanted|crt-?[dp]|lvad|n?svds?|"
               r"angio(?:gram|plasty)?")
_LATE_EVENT_END = re.compile(rf"\b(?:{_LATE_EVENT})[\s:,]*\(?\s*$", re.IGNORECASE)
_LATE_COUNT_AFTER = re.compile(
    r"[ \t]*(?:rpm|days?|weeks?|months?|years?|times|shocks?|implants?|patients?|cases?|of)\b",
    re.IGNORECASE)
# Cues that also stand before a clock time ("NPO until 2000", "onset 1930"): a year after one
# must not end in a round quarter hour, as after "since" ("onset 2014", "due 2024",
# "similar episode 2022", "treated 2068"; session 15).
_CLOCK_CUE = r"onset|treated|episode|due"
_SINCE_LIKE = re.compile(rf"\b(since|{_CLOCK_CUE})\s*$", re.IGNORECASE)
# After one of those cues, a number that also reads as a clock time ("onset 1937", "due 2010",
# "episode 1952 of SVT") is a year only when a clause goes on after it ("treated 2015 with",
# "due 2027 but", "similar episode 2019 settled"); not at a clause's end nor before "of".
_CLOCK_VALUE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_CLAUSE_GOES_ON = re.compile(r"[ \t]+(?!(?:of|at|on|hrs?|h|am|pm|today|tonight|tomorrow)\b)[a-z]{2,}",
                             re.IGNORECASE)
# Intake and output: "I/O: in 2075, out 1800", "in 1200 / out 900".
# "out" must be followed by an amount ("out 1800", "out: 900 ml"), never "out of" / "out west"
# (session 15, third review: "lived in 2018, out of state" is a year).
_OUT_AFTER = re.compile(r"\s*(?:ml|cc)?\s*[,;/]?\s*(?:and\s+)?out\b[ \t]*[:=]?[ \t]*\d",
                        re.IGNORECASE)
_IN_WORD_END = re.compile(r"(?<![\w/-])in\s*$", re.IGNORECASE)
# ... but "moved in 2019 and out 2020" is a move in and a move out (session 16).
_MOVED_IN_END = re.compile(r"\bmov(?:e|ed|es|ing)[ \t]+(?:back[ \t]+)?in\s*$", re.IGNORECASE)
# A bullet that starts a line, for a year that heads a history item: "- 2081: stage IIIA",
# "* 1994 - CABG" (session 17); never a clock time ("- 2000: pt to CT", _history_year). Matched
# from the real start of the line (_bulleted), never from the start of a slice (session 18).
_BULLET_LINE = re.compile(r"[ \t]*[-*\u2022][ \t]*\(?[ \t]*")
_PLAIN_YEAR_CUE = None  # set below
# A history word, a preposition or an opening bracket just before a 4-digit year.
_YEAR_CUE = re.compile(
    rf"(?:\b(?:{_EVENT}|{_LATE_EVENT}|s/p|h/o|hx|history|pmh|psh|in|since|{_CLOCK_CUE}|prior|last|"
    rf"compared\s+(?:to|with)|comparison|resident|x\s?\d|similar\s+to|unchanged\s+from|"
    rf"report|born|dob|d\.o\.b\.?|date\s+of\s+birth|(?:early|mid|late)-?|(?:spring|summer|fall|autumn|winter)(?:\s+of)?|thanksgiving|christmas|easter|"
    rf"new\s+year['\u2019]?s)|[(])[\s:,]*\(?\s*$", re.IGNORECASE)
# The year before in a list: "(2008, 2011)", "CABG 1998, 2004".
_YEAR_LIST = re.compile(r"(?<![\w/.-])((?:19|20)\d\d)\)?\s*(?:,|and|&|/)\s*(?:\w+\s+)?$")
_UNIT_AFTER = re.compile(
    r"\s*(?:(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|u|iu|meq|mmol|kcal|cal|cals|calories|x|hrs?|"
    r"h|hours|mins?|lbs?|steps|ft|feet)\b|%|/|-\s*\d|:\d)", re.IGNORECASE)
_ROUND_MINUTES = ("00", "15", "30", "45")


def since_reads_as_clock(year: str) -> bool:
    """After "since", a four-digit number outside 1960-1999 that ends in a round quarter hour is
    a clock time: "since 2000", "on levophed since 2015" (20:15); "since 2017" is a year."""
    return not "1960" <= year <= "1999" and year[2:] in _ROUND_MINUTES
# A neighbour in a range or list: "from 1900 to 0700", "x3 (2000, 0130, 0500)" are times.
_RANGE_AFTER = re.compile(r"\s*(?:-|to|until|till|,|and|&)\s*(\d{4})\b", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\b(\d{4})\s*(?:-|to|until|till|,|and|&)\s*$", re.IGNORECASE)


#: After a bulleted year: a colon or a dash, then a word ("- 2081: stage", "- 1994 - CABG").
_BULLET_HEAD_AFTER = re.compile(r"[ \t]*[:\-\u2013][ \t]*[A-Za-z]")


def _bulleted(text: str, start: int) -> bool:
    """Only a bullet (and blanks) between the start of the line and ``start``."""
    line = text.rfind("\n", 0, start) + 1
    return start - line <= 12 and _BULLET_LINE.fullmatch(text, line, start) is not None


_PLAIN_YEAR_CUE = re.compile(_YEAR_CUE.pattern.replace("|{_LATE_EVENT}", "").replace(
    "|" + _LATE_EVENT, ""), re.IGNORECASE)


#: A year before 1920 right after a bracket or a clock word is a clock time: "post (1900)",
#: "night shift (1900)", "at 1915" (session 21, deidfp21n; the fix round keeps every other one:
#: "born in 1918", "died in 1919" are PHI).
#: (lead, second review) a clock word is needed: "Mother (1912) died of TB" is a year
_CLOCK_BEFORE = re.compile(r"\b(?:post|at|@|shift|from|until|till|after|before|by)[ \t]*\(?"
                           r"[ \t]*$", re.IGNORECASE)
_BIRTH_BEFORE = re.compile(r"\b(?:born|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date)\W*$",
                           re.IGNORECASE)


def _yearlike(value: str) -> bool:
    """1900-2039, or 2060-2099: a date-shifted year ("dx 2068") that no clock can read (its
    "minutes" are 60 or more; 2040-2059 stay out, as "since 2045" may be 20:45)."""
    return "1900" <= value <= "2039" or "2060" <= value <= "2099"


def _year_ok(m: re.Match[str], text: str) -> bool:
    """A year about the patient's history, not a time, volume or dose (module docstring).
    A range of years is judged by its first year and its end, and needs a history cue."""
    start, end = m.start(1), m.end(1)
    if end - start == 4:
        return _history_year(text, start, end, depth=3)
    cued = bool(_RANGE_CUE.search(text, max(0, start - 28), start))
    return cued and _history_year(text, start, start + 4, depth=3, unit_at=end, cued=True)


# A procedure or diagnosis right after the year, as past histories list them: "1998 CABG",
# "2011 - L TKA", "2004: appendectomy" (never "2000 echo at bedside": a time and a study).
_EVENT_AFTER = re.compile(
    r"[ \t]*[:\-\u2013]?[ \t]*(?:(?:l|r|lt|rt|left|right|bilat|bilateral)\.?[ \t]+)?"
    r"(?:cabg|mi|nstemi|stemi|cva|tia|stroke|pci|ptca|appy|appendectomy|chole|cholecystectomy|"
    r"colectomy|hysterectomy|c-?sections?|tkr|thr|tka|tha|avr|mvr|turp|lumpectomy|mastectomy|"
    r"prostatectomy|nephrectomy|craniotomy|laminectomy|lobectomy|dx|diagnosed|fx|fracture|"
    r"ppm|aicd|bypass|transplant|ablation)\b", re.IGNORECASE)


def _history_year(text: str, start: int, end: int, *, depth: int,
                  unit_at: int | None = None, cued: bool = False) -> bool:
    if _UNIT_AFTER.match(text, end if unit_at is None or unit_at == end else unit_at):
        return False
    before = text[max(0, start - 28):start]
    if AT_TIME_BEFORE.search(before[-10:]):
        return False
    year = text[start:end]
    if not _yearlike(year):
        return False
    if year < "1920" and _CLOCK_BEFORE.search(before) and not _BIRTH_BEFORE.search(before):
        return False  # "recheck post (1900)", "night shift (1900)": 19:00 (session 21)
    for other in (_RANGE_AFTER.match(text, end), _RANGE_BEFORE.search(before)):
        if other is not None and not _yearlike(other.group(1)):
            return False  # "from 1900 to 0700": a shift, not years
    cue = _YEAR_CUE.search(before)
    bulleted = _bulleted(text, start)
    if _LATE_EVENT_END.search(before) and (not ("1960" <= year <= "1999" or year >= "2060")
                                           or _LATE_COUNT_AFTER.match(text, end)):
        cue = _PLAIN_YEAR_CUE.search(before)  # the late word is no cue; other cues still count
    if cue is None and bulleted:
        return _bullet_year(text, start, end, year, unit_at=unit_at, cued=cued)
    if cue is None and (cued or _EVENT_AFTER.match(text, unit_at or end)
                        or unit_at is None and (year_at_place(text, end, year)
                                                or year_after_facility(before, year, text, end))):
        return True
    if cue is None:  # the next year of a list whose first year is about the patient
        prev = _YEAR_LIST.search(before)
        if prev is None or depth == 0:
            return False
        offset = max(0, start - 28)
        return _history_year(text, offset + prev.start(1), offset + prev.end(1), depth=depth - 1)
    since = _SINCE_LIKE.search(before)
    if since and since.group(1).lower() != "since" and _CLOCK_VALUE.fullmatch(year):
        return bool(_CLAUSE_GOES_ON.match(text, end)) and not _IN_YEAR_NOT_BEFORE.search(before)
    if since and not "1960" <= year <= "1999":
        return not since_reads_as_clock(year)
    if (_IN_WORD_END.search(before) and _OUT_AFTER.match(text, end)
            and not _MOVED_IN_END.search(before)):
        return False  # intake and output
    return True


def _bullet_year(text: str, start: int, end: int, year: str, *, unit_at: int | None,
                 cued: bool) -> bool:
    """A year that opens a bulleted line: a history item ("- 2081: stage IIIA", "* 1994 - CABG",
    "PMH:\n- 1990-1995 chemo" as a cued range), never a clock time ("- 2000: pt to CT")."""
    if cued or _EVENT_AFTER.match(text, unit_at or end):
        return True  # "- 1998 MI"; a range after "PMH:" (deiddate17's review, finding 1)
    return not _CLOCK_VALUE.fullmatch(year) and bool(_BULLET_HEAD_AFTER.match(text, end))


# Procedures and diagnoses a two-digit year follows; no word that also precedes a lab
# value or a code ("Ca 10", "ICD 10", "PE 12").
_EVENT_2 = (r"cabg|mi|nstemi|stemi|cva|tia|stroke|pci|ptca|stents?|appy|appendectomy|chole|"
            r"cholecystectomy|colectomy|hysterectomy|c-?sections?|tkr|thr|tka|tha|avr|mvr|redo|"
            r"dx|dx'?d|diagnosed|quit|bypass|transplant|ablation|ppm|aicd|lumpectomy|mastectomy|"
            r"prostatectomy|turp|nephrectomy|craniotomy|laminectomy|lobectomy")
# A range of years needs an event or a life word before it ("smoked 1960-2000", "PNA x3
# 2021-2022"): a bare "in (1979-1989)" is a study period far more often.
_RANGE_CUE = re.compile(
    rf"\b(?:{_EVENT_2}|s/p|h/o|hx|pmh|psh|smoked|smoker|worked|served|lived|drank|x\s?\d)"
    rf"\W*(?:in\W+|from\W+)?$", re.IGNORECASE)


_TRIGGERS_2 = ("cabg", "mi", "cva", "tia", "stroke", "pci", "ptca", "stent", "app", "chole",
               "ectomy", "section", "tk", "th", "avr", "mvr", "redo", "dx", "diagnosed", "quit",
               "bypass", "transplant", "ablation", "ppm", "aicd", "turp", "otomy")
_NOT_YEAR_AFTER = re.compile(
    r"(?:\s*(?:%|/|mg|mm|cm|kg|y|yo|y/o|years?|yrs?|x\b|beats|bpm|pack|pk|units?|ml|cc|"
    r"mcg|g\b|min|mins|sec|secs|hrs?|h\b|days?|d\b|mos?|months?|weeks?|wks?|ng|iu|s\b|"
    r"deg|degrees|\u00b0))", re.IGNORECASE)


def _two_digit_ok(m: re.Match[str], text: str) -> bool:
    """"CABG 98", "MI 81", "redo 84": not "MI 81 yrs ago" or "CABG 50%"."""
    return not _NOT_YEAR_AFTER.match(text, m.end(2))


# "since 03", "in 97 had a TKA", "quit in 68.": a two-digit year after "in"/"since" only
# at the end of a clause or before a verb, never near a vital sign, a lab or a re-check
# ("sat in 97", "recheck in 60", "HR since 98 and rising" has "hr" before).
_IN_YEAR_AFTER = re.compile(
    r"[ \t]*(?:$|[,;.)\n]|(?:and|had|has|was|were|with|w/|she|he|pt|after|when|s/p|while|but|"
    r"then|until|-{1,2}[ \t]+[a-z])\b)", re.IGNORECASE)
_IN_YEAR_NOT_BEFORE = re.compile(
    r"\b(?:sats?|spo2|o2|hr|pulse|bp|sbp|dbp|map|rr|temps?|t|tmax|glucose|bg|fsbg|fs|cbg|bs|"
    r"k|na|wt|weight|score|uop|uo|output|fio2|peep|rate|hct|hgb|plt|ef|range|goal|recheck|"
    r"re-?check|repeat|again|f/u|rtc|return|call|wean|titrate|q|every|within|drip|gtt|"
    r"dose|ml|mg|units?|%|running|infusing|bolus|hours?|hrs?|mins?|minutes)\b[^.;\n]{0,16}$",
    re.IGNORECASE)


# "in 61 and 15% of patients" is a count: after a bare "in", a year 40-99 needs an event
# just before ("CABG in 98", "quit in 68", "back in 97") or a verb just after ("in 97 had").
_IN_EVENT_BEFORE = re.compile(
    rf"\b(?:{_EVENT_2}|quit|stopped|moved|retired|married|widowed|died|passed\s+away|born|"
    rf"back|sometime|fx|fracture|dvt|pe|surgery|stent|placed|smoking|tobacco|etoh|drinking)"
    rf"\W+(?:[a-z]+\W+)?$", re.IGNORECASE)
_IN_VERB_AFTER = re.compile(r"[ \t]+(?:had|has|underwent|s/p|when|she\s+had|he\s+had)\b",
                            re.IGNORECASE)


def _in_year_ok(m: re.Match[str], text: str) -> bool:
    """"since 03,", "in 97 had", "quit in 68.": a year; "sat in 97", "recheck in 60" and
    "found in 61 and" (a count) are not."""
    if _NOT_YEAR_AFTER.match(text, m.end(1)) or not _IN_YEAR_AFTER.match(text, m.end(1)):
        return False
    if _IN_YEAR_NOT_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        return False
    cue = text[m.start():m.start(1)].lower()
    if "since" in cue or "circa" in cue or m.group(1).startswith("0"):
        return True
    return bool(_IN_EVENT_BEFORE.search(text, max(0, m.start() - 30), m.start())
                or _IN_VERB_AFTER.match(text, m.end(1)))


#: imaging and other studies dated by month/year: "TTE 9/89", "DEXA 10/89" (session 19)
_STUDY_WORDS = r"tte|tee|dexa|dxa|mri|mra|cta|cxr|egd|pfts?|biopsy|bx|holter|ultrasound|mammo"
_MONTH_YEAR_CUE = re.compile(rf"\b(?:{_EVENT}|{_LATE_EVENT}|{_STUDY_WORDS}|admissions|films?|studies|study|"
                             rf"imaging|exams?|"
                             rf"s/p|h/o|hx|since|prior|last|until|till|through|thru|"
                             rf"at\s+least)\W{{0,3}}$", re.IGNORECASE)


#: Lab titres and vent settings written as a fraction ("titer 1/80", "PEEP 5/40").
_LAB_OR_VENT_NEAR = re.compile(
    r"\b(?:titers?|titres?|dilutions?|ana|rpr|vdrl|ftas?|anca|asca|ratio|peep|fio2|psv|ps|"
    r"cpap|bipap|vent|ventilator|settings?|i:e)\b", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"[.;,]\s|\b(?:s/p|h/o|hx|history|pmh|psh)\b", re.IGNORECASE)


#: A fraction's cue before the first item of a list ("VA 6/36; 6/60", "distance 6/60, 6/36",
#: "nodes 2/35, 3/40", "scores 7/50, 8/50", "MMSE 2/35, 3/35", "events (3/70, 6/70)") or its noun
#: after the last ("2/35, 3/40 positive", "3/45, 5/45 sclerosed", "3/70 and 6/70 of patients"):
#: such a list is fractions. Any other list of month/years is dates ("seen 3/97, 8/98",
#: "Falls (4/96, 7/97)"): a missed date is a leak, so the list is kept unless a fraction says so
#: (datefix16's cue-before rule lost such dates; turned around after the fix branches' review).
_FRACTION_BEFORE = re.compile(r"\b(?:va|acuity|vision|visual|distance|near|nodes?|lns?|glomeruli|"
                              r"cores?|scores?|scored|mmse|moca|slums|events?|ratios?)\b[^\n\d]{0,12}$",
                              re.IGNORECASE)
_FRACTION_AFTER = re.compile(r"[ \t]*\)?[ \t]*(?:positive|negative|pos\b|neg\b|sclerosed|involved|"
                             r"of\b|%|nodes?\b|cores?\b|lesions?\b)", re.IGNORECASE)
#: a counted noun after a fraction that follows a study word: "biopsy 3/50 hpf" (review of
#: deidleft19, finding 5); only nouns no study date is followed by: "echo 6/97 images
#: reviewed", "cath 5/96 images on disc" are dates (third review, finding 1)
#: ... or "TTE 12/50 frames" (session 20; "clips", "beats" and "hours" left out: "MRI 4/95 clips
#: reviewed", "Holter 5/96 beats of NSVT", "Holter 6/97 hours of ..." are dates; fix round)
_COUNTED_AFTER = re.compile(r"[ \t]*(?:hpf|fields|slices|cores|nodes|frames)\b", re.IGNORECASE)
#: a length of recording: "holter 2/48 hr" - only where the second number is one (48, 72, 96
#: hours) and no heart rate's word or value follows ("Holter 6/97 HR avg 72", "TTE 8/98 HR in
#: 60s" are dates; review of deidleft20, finding 1)
_RECORDING_HOURS = re.compile(r"[ \t]*(?:hrs?|hours?)\b(?![ \t]*(?:[-:=]?[ \t]*\d|avg|average|"
                              r"range|mean|max|min|was|is|of|in|\())", re.IGNORECASE)


def _recording_length(m: re.Match[str], text: str) -> bool:
    return m.group(0).endswith(("/48", "/72", "/96")) and _RECORDING_HOURS.match(text, m.end()) is not None
_MY = r"(1[0-2]|0?[1-9])/(?:3[2-9]|[4-9]\d)"
_MY_LISTED_BEFORE = re.compile(rf"(?<![\w/.-]){_MY}[ \t]*(?:,|;|and|&)[ \t]*$")
_MY_LISTED_AFTER = re.compile(rf"[ \t]*(?:,|;|and|&)[ \t]*{_MY}(?![\w/]|[.:-]\d|%)")


def _listed_month_year(m: re.Match[str], text: str) -> bool:
    """"admissions (3/70, 6/70, 1/71)", "seen 3/97, 8/98": a month/year in a list of them
    (session 16), unless a fraction's cue comes before the list or its noun after it ("VA 6/36;
    6/60", "nodes 2/35, 3/40 positive", "3/70 and 6/70 of patients"; datefix16); titers are all
    "1/": "1/40, 1/80"."""
    other = _MY_LISTED_BEFORE.search(text, max(0, m.start() - 12), m.start()) \
        or _MY_LISTED_AFTER.match(text, m.end())
    if other is None or (int(other.group(1)) == 1 and m.group(0).startswith("1/")):
        return False
    first, last = m.start(), m.end()
    for _ in range(8):  # to the list's first and last items (a bounded walk)
        before = _MY_LISTED_BEFORE.search(text, max(0, first - 12), first)
        if before is None:
            break
        first = before.start()
    for _ in range(8):
        after = _MY_LISTED_AFTER.match(text, last)
        if after is None:
            break
        last = after.end()
    return not (_FRACTION_BEFORE.search(text, max(0, first - 24), first)
                or _FRACTION_AFTER.match(text, last))


def _month_year_ok(m: re.Match[str], text: str) -> bool:
    """"colectomy 1/98", "CABG 1/78": a month/year after a history word or in a list of
    them; "PEEP 5/40", "in 10/51 (20%)", "+/- 2/99", "titer of at least 1/80" and "PEEP
    weaned until 5/40" are not (a lab or vent word in the 40 characters before)."""
    if not _MONTH_YEAR_CUE.search(text[max(0, m.start() - 24):m.start()]):
        return _listed_month_year(m, text) and \
            not _LAB_OR_VENT_NEAR.search(text, max(0, m.start() - 40), m.start())
    # the lab or vent word must be in the fraction's own clause: "Titer 1/80 positive. CABG
    # 1/98." and "PEEP 5 FiO2 40%, s/p CABG 5/99" are dates (session 15, third review)
    near = text[max(0, m.start() - 40):m.start()]
    near = _CLAUSE_CUT.split(near)[-1]
    return not (_LAB_OR_VENT_NEAR.search(near) or _COUNTED_AFTER.match(text, m.end())
                or _recording_length(m, text))


_MONTH_ALONE_CUE = re.compile(
    r"(?:\b(in|since|until|till|from|by|last|early|late|mid|before|after|during|through|thru|"
    r"of|between|next|this|past|f/u|rtc|due|appt|seen|return|returns|around|circa|as\s+of|about|"
    r"approx\.?|approximately)"
    r"(?:\s+|(?<=mid|rly|ate)-)|(\()\s*)$", re.IGNORECASE)
# A follow-up earlier on the line: "F/U: dr Maddox (pulm) July, ..."; a date just before in
# a list: "prior admissions 6/70 and May".
_FOLLOW_UP_LINE = re.compile(r"\b(?:f/u|follow[\s-]?up|rtc|appt|appointment|return)\b",
                             re.IGNORECASE)
_CLAUSE_END_AFTER = re.compile(r"\s*(?:[,.;)\n]|$|(?:with|w/|at|in)\b)", re.IGNORECASE)
_DATE_LIST_BEFORE = re.compile(r"(?<![\w/.-])\d{1,2}/\d{2,4}\s*(?:,|and|&)\s*$")
#: A value or an event right before the bracket: "2.62 (may)", "1.4 mg/dl (may)", "last seen
#: (may)", "flu shot (may)"; not "stable (may)".
_VALUE_BEFORE = re.compile(r"(?:\d(?:[ \t]*[a-z%/]+)?|\b(?:seen|shot|vaccine|vaccinated|visit|"
                           r"admitted|admission|discharged|dose|booster|given|done))[ \t]*$",
                           re.IGNORECASE)
_FULL_MONTH = re.compile(r"(?:january|february|march|april|may|june|july|august|september|"
                         r"october|november|december)$", re.IGNORECASE)


def _month_alone_ok(m: re.Match[str], text: str) -> bool:
    """"in April", "(May, July, now)"; after "(" only a full month name ("(SEP)" is an
    evoked potential); lower-case "may"/"march" only after "in", "since" or "until"
    ("by march", "(may be" are verbs); "MAR" alone in a mixed-case note is the medication
    administration record."""
    cue = _MONTH_ALONE_CUE.search(text, max(0, m.start() - 12), m.start())
    word = text[m.start(1):m.end(1)]  # the match ran on the lower-cased text
    if word == "MAR" and any(c.islower() for c in text[max(0, m.start() - 30):m.start()]):
        return False  # "doses in MAR" in a mixed-case note: the medication administration record
    if cue is None:
        return _month_in_passing(m, text, word) or _month_moved_to(m, text, word)
    if cue.group(2) and not _FULL_MONTH.match(word):  # "(Nov)", "(Nov, Dec)"; not "(SEP)"
        return word[0].isupper() and word[1:].islower() and \
            bool(re.match(r"\s*[),]", text[m.end():m.end() + 2]))
    if word.lower().startswith(("may", "mar")) and not word[0].isupper():
        hyphen = text[m.start(1) - 1] == "-"  # "mid-march"
        # "2.62 (may)": a full month name alone in brackets (session 16)
        alone = bool(cue.group(2)) and word.lower() in ("may", "march") and \
            text[m.end():m.end() + 1] == ")" and \
            bool(_VALUE_BEFORE.search(text, max(0, cue.start(2) - 16), cue.start(2)))
        return hyphen or alone or (cue.group(1) or "").lower() in ("in", "since", "until")
    return True


#: A visit moved to or booked for a month: "can we move it to october?", "rescheduled for
#: November." (session 17); only the long month names that are no word or name.
_MOVED_TO_BEFORE = re.compile(r"\b(?:to|for)[ \t]+$", re.IGNORECASE)
_LONG_MONTHS = frozenset("january february september october november december".split())
_MOVED_END_AFTER = re.compile(r"[ \t]*(?:[,.;?!)\n]|$)")


def _month_moved_to(m: re.Match[str], text: str, word: str) -> bool:
    return word.lower() in _LONG_MONTHS and \
        bool(_MOVED_TO_BEFORE.search(text, max(0, m.start() - 5), m.start())
             and _MOVED_END_AFTER.match(text, m.end()))


#: A study or visit named right after a month: "Jan echo", "March CT", "Oct visit" (session 15).
_STUDY_AFTER_MONTH = re.compile(r"[ \t]+(?:cxr|ct|cta|mri|mra|echo|tte|tee|ekg|ecg|eeg|egd|"
                                r"colonoscopy|mammogram|labs|visit|appt|admission|cath|pft)\b",
                                re.IGNORECASE)
#: A test or event word right before a month: "stress test January normal", "done Oct."
_TEST_BEFORE_MONTH = re.compile(r"\b(?:test|tested|done|started|stopped|placed|removed|"
                                r"checked|drawn|repeated|performed)[ \t]+$", re.IGNORECASE)


def _month_in_passing(m: re.Match[str], text: str, word: str) -> bool:
    """A capitalised month after a date in a list ("6/70 and May") or on a follow-up line
    ("F/U: dr Maddox (pulm) July,"), at the end of its clause; one before a study ("Jan
    echo") or after a test or event word ("stress test January")."""
    plain = word.lower() in _PLAIN_MONTHS  # "jan echo" in a lower-case note too
    if not (word[0].isupper() or plain):
        return False
    if word.lower() not in ("may", "march", "mar") and (
            _STUDY_AFTER_MONTH.match(text, m.end())
            or _TEST_BEFORE_MONTH.search(text, max(0, m.start() - 12), m.start())):
        return True
    if not word[0].isupper():
        return False
    if word[1:].islower() and word.lower() not in ("may", "march", "mar") and \
            _EVENT_IN_CLAUSE.search(text, max(0, m.start() - 40), m.start()) and \
            _CLAUSE_END_AFTER.match(text, m.end()) and \
            not _TITLE_BEFORE.search(text, max(0, m.start() - 6), m.start()) and \
            not _COMPANY_BEFORE.search(text, max(0, m.start() - 10), m.start()):
        return True  # "Partner started dialysis Oct." (session 16)
    if _DATE_LIST_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return bool(_CLAUSE_END_AFTER.match(text, m.end()))
    if word.lower() in ("may", "march", "mar"):  # verbs far more often
        return False
    line = text.rfind("\n", 0, m.start()) + 1
    return bool(_FOLLOW_UP_LINE.search(text, max(line, m.start() - 40), m.start())
                and _CLAUSE_END_AFTER.match(text, m.end()))


#: An event verb earlier in the month's clause: "started PrEP Oct.", "moved to Ohio in" (the
#: last is the cue "in"); the month must end its clause (session 16).
_EVENT_IN_CLAUSE = re.compile(r"\b(?:started|stopped|began|begun|quit|moved|diagnosed|dx'?d|"
                              r"restarted|resumed|switched|retired|married|divorced|died|"
                              r"passed\s+away|delivered|admitted|discharged|hospitali[sz]ed|"
                              r"vaccinated|immunized)\b[^.;:\n()]{0,30}[ \t]$", re.IGNORECASE)
#: A person right before: "moved in with Jan.", "started dating June." (datefix16).
_COMPANY_BEFORE = re.compile(r"\b(?:with|to|seeing|dating|visiting|and)[ \t]+$", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"\b(?:dr|mr|mrs|ms|miss|nurse|rn|np|pa)\.?[ \t]+$", re.IGNORECASE)


#: Months that are no common word in any letter case ("dec" is decrease, "sep" an evoked
#: potential, "may"/"mar" verbs).
_PLAIN_MONTHS = frozenset("jan feb apr jun jul aug oct nov january february april june july "
                          "august september october november december".split())
_YEAR_UNIT_AFTER = re.compile(
    r"[ \t]*(?:%|percent|pct|bpm|mg|mcg|ml|cc|units?|u\b|kg|lbs?|mm|cm|min|hrs?|x\b)",
    re.IGNORECASE)


def _month_yy_ok(m: re.Match[str], text: str) -> bool:
    """"Jan 71", "eye exam October 98": a month and a two-digit year that cannot be a day;
    "Dec 40" (decrease) and "Sep 45 mg" are not (session 15)."""
    word = text[m.start(1):m.end(1)]
    plain = word.lower().rstrip(".") in _PLAIN_MONTHS
    title = word[0].isupper() and word[1:].islower() and word.lower() not in ("may", "mar",
                                                                               "march")
    return (plain or title) and not _YEAR_UNIT_AFTER.match(text, m.end())


YEAR_PATTERNS: list[Pattern] = [
    # "CABG 1998", "quit 2009", "since 2017", "(1979)", "(2008, 2011)"
    _p("DATE", first=r"\d",
       pattern=r"(?<![\w/.,:])(?<![^a-z]-)"
       r"((?:19|20)\d\d(?:[-\u2013](?:19|20)\d\d)?)(?![\w/]|[.,:-]\d)",
       group=1, check=_year_ok),
    # "CABG 98", "S/P MI 81", "CABG 81, redo 84"
    # "CABG x3 98", "MI (03)"
    _p("DATE", group=2, check=_two_digit_ok, first="[a-z]", triggers=_TRIGGERS_2,
       pattern=rf"\b(?:{_EVENT_2})\s*(?:x\s?\d\s+|\s)(\()?\s*(\d\d)(?(1)\s*\))"
       r"(?![\w/]|[.,:-]\d)"),
    # "since 03,", "in 97 had a TKA", "back in 06 she"
    _p("DATE", first="[bcis]", triggers=("in ", "since "),
       pattern=r"\b(?:(?:back[ \t]+)?in|since|circa)[ \t]+(0\d|[4-9]\d)(?![\w/%'\u2019]|[.,:-]\d)",
       group=1, check=_in_year_ok),
    # "colectomy 1/98", "CABG 1/78": M/YY with YY not a day
    _p("DATE", first=r"\d",
       pattern=r"(?<![\w/.-])(?:1[0-2]|0?[1-9])/(?:3[2-9]|[4-9]\d)(?![\w/]|[.:-]\d|%)",
       check=_month_year_ok),
    # "Jan 71", "October 98": a month and a two-digit year over 31
    _p("DATE", first="[adfjmnos]", triggers=MON_TRIGGERS, check=_month_yy_ok,
       pattern=rf"\b({MON})[ \t]+(?:3[2-9]|[4-9]\d)(?![\w/.:-]|[.,]\d)"),
    # "in April", "since December", "(May, July, now)", "in oct"
    _p("DATE", first="[adfjmnos]", triggers=MON_TRIGGERS,
       pattern=rf"\b({MON})(?:\s*(?:,|and|&|/|-|to)\s*{MON})*(?![\w-]|\s*\d|\s*['\u2019]\d)",
       check=_month_alone_ok),
]
YEAR_PATTERNS += STUDY_YEAR_PATTERNS  # "MRI 2019 from Harlow Valley Imaging" (_study_years)
