"""Regular expressions for structured PHI: what the rules detector matches, with guards.

Each :class:`Pattern` has a label, a compiled regex, the group that holds the PHI and an
optional guard ``check(match, text) -> bool`` that vetoes a match (fractions such as "5/5",
temperatures such as "101F", doses such as "at 1000 mL").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from meddx.deid._patterns_scores import score_or_count, score_pair, shift_or_parts, strength_grade
from meddx.deid._pressure_dates import no_pressure

__all__ = ["DATE_PATTERNS", "LETTER", "MEASURE_BEFORE", "Pattern", "make_pattern"]


@dataclass(frozen=True)
class Pattern:
    """``lower``: the regex runs on the lower-cased text (case-insensitive, 3x faster than
    re.IGNORECASE). ``triggers``: skip the regex unless one of these lower-case strings
    occurs in the text."""

    label: str
    regex: re.Pattern[str]
    group: int = 0
    check: Callable[[re.Match[str], str], bool] | None = None
    lower: bool = False
    triggers: tuple[str, ...] = ()


def _check_lower(pattern: str) -> None:
    """A pattern run on lower-cased text must not spell upper-case letters outside classes."""
    bare = re.sub(r"\\.|\[[^\]]*\]|\(\?P<\w+>|\(\?P=\w+\)", "", pattern)
    if any(c.isupper() for c in bare):
        raise ValueError(f"case-insensitive pattern spells upper-case letters: {pattern[:60]}")


def make_pattern(label, pattern, group=0, check=None, flags=re.IGNORECASE,
                 triggers: tuple[str, ...] = (), first: str = "") -> Pattern:
    r"""A :class:`Pattern`; case-insensitive (run on lower-cased text) unless ``flags`` is 0.

    ``first``: a character class every match starts with (``r"\d"``). It is put in front as
    a look-ahead, which changes no match but lets the regex engine skip the other positions
    quickly (a pattern that opens with a look-behind or ``\b`` otherwise tries them all)."""
    if first:
        pattern = f"(?={first})" + pattern
    lower = bool(flags & re.IGNORECASE)
    if lower:
        _check_lower(pattern)
        flags &= ~re.IGNORECASE
    return Pattern(label, re.compile(pattern, flags), group, check, lower, triggers)


_p = make_pattern

# --- dates and times --------------------------------------------------------------------
# An abbreviation's period belongs to the date only before a day or year ("Sept. 3rd").
_DOT = r"(?:\.(?=[ \t]*\d))?"
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|" + "|".join(f"{m}{_DOT}" for m in
                                  "jan feb mar apr jun jul aug sept sep oct nov dec".split()))
MON = rf"(?:{_MONTHS})(?![a-z])"
#: Every spelling in MON contains one of these: a pattern with MON skips notes without them.
MON_TRIGGERS = tuple("jan feb mar apr may jun jul aug sep oct nov dec".split())
_QUOTES = ("'", "\u2019")
#: A month and a day of one or two digits (the numeric date rules of ``_date_forms`` and
#: ``_date_variants`` read these; wrap them in a group to capture).
MONTH_NUM = r"(?:1[0-2]|0?[1-9])"
DAY_NUM = r"(?:3[01]|[12]\d|0?[1-9])"
DAY = rf"{DAY_NUM}(?:st|nd|rd|th)?"
YEAR4 = r"(?:19|20)\d{2}"
#: A date-shifted year past 2099, read only inside a full date ("3/4/2103", "March 4, 2103";
#: session 16): alone "2130" is a clock time.
_SHIFTED_YEAR = r"21[0-4]\d"
#: After a shifted year: no clock time's unit or second time ("March 4, 2130 hrs", "March 4,
#: 2145 and 2200" are clock times; datefix16).
_NOT_CLOCK = r"(?![ \t]*(?i:hrs?|h|hours?)\b|[ \t]+and[ \t]+\d{4})"
_END = r"(?![\w/]|[:.-]\d)"
_D = r"\d"  # ``first`` of the patterns whose matches start with a digit
_MON_FIRST = "[adfjmnos]"  # ... with a month name
_START = r"(?<![\w/.-])"


_LOWER_WORD = re.compile(r"[a-z]+")
_YEARISH = re.compile(r"\d{4}|['\u2019]\d\d")


# a weekday too: "wed march 14", "thursday, march 20"; a follow-up word, one word between at
# most: "next inr may 2", "recheck may 9", "due by march 3" (session 16)
_NUMBER_OR_CUE_BEFORE = re.compile(r"(?:^|\d|\b(?:on|date|dated|dos|since|until|mon|monday|tues?|"
                                   r"tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|"
                                   r"sat|saturday|sun|sunday)\.?|\b(?:next|due|recheck|f/u|rtc|appt|"
                                   r"return|by)(?:[ \t]+[a-z0-9/]+)?)[\s:,]*$")


#: "the next dose may 2 hours": a number of something after the verb "may".
_AMOUNT_AFTER = re.compile(r"[ \t]*(?:-[ \t]*\d+[ \t]*)?(?:x\b|times|hours?|hrs?|days?|wks?|weeks?|"
                           r"mg|mcg|ml|tabs?|pills?|puffs?|units?|doses?|more)\b",
                           re.IGNORECASE)
_DAY_HYPHEN = re.compile(r"\d\d?-[a-z]")  # "14-mar", "07-may": a day and its month, no verb


def _month_ok(m: re.Match[str], text: str) -> bool:
    """Lower-case 'may'/'march'/'mar' are verbs far more often than months: need a year, a
    day joined by a hyphen before ("14-mar"), or a day with a number or a date word just
    before ("triage 1340 may 3", "on may 3")."""
    found = text[m.start():m.end()]
    word = _LOWER_WORD.search(found)
    if word and word.group(0) in ("may", "march", "mar", "sat", "sun"):
        if _YEARISH.search(found) or _DAY_HYPHEN.match(found):
            return True
        line = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line, m.start() - 16):m.start()].lower()
        return any(c.isdigit() for c in found) and bool(_NUMBER_OR_CUE_BEFORE.search(before)) \
            and not _AMOUNT_AFTER.match(text, m.end())
    return True


def _month_year_ok(m: re.Match[str], text: str) -> bool:
    """"July 2019", "Mar 2103"; not "MAR 2130" (the medication record and a clock time: "mar"
    not in title case takes no shifted year; datefix16)."""
    found = text[m.start():m.end()]
    if found[-4:-2] == "21" and found[:3] in ("MAR", "mar") and found[:5].lower() != "march":
        return False
    if found[-4:-2] == "21" and found[-2] in "012345" and len(found.split()[0].rstrip(",.")) <= 4 \
            and (_CLOCK_CUE_BEFORE.search(text, max(0, m.start() - 12), m.start())
                 or _WORD_AFTER.match(text, m.end())):
        return False  # "per Mar 2130", "Apr 2130 recheck": a month abbreviation and a clock time
    return _month_ok(m, text)


#: Before a month abbreviation and a year that is also a clock time (21:00-21:59): a dosing
#: or timing word ("Meds due per Mar 2130"); or a word after it ("Aug 2145 labs").
_CLOCK_CUE_BEFORE = re.compile(r"\b(?:per|due|at|given|@|mar)\W*$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"[ \t]+(?!(?:in|at|on|and|or|to|with|for|from|of|when|while|the|a|"
                         r"was|were|is|she|he|pt)\b)[A-Za-z]", re.IGNORECASE)


_FRACTION_BEFORE = re.compile(
    r"(?:pain|strength|power|motor|score|scale|grade|rated|murmur|reflexes|dtr|dtrs|\bx|of)\W*$",
    re.IGNORECASE)
_STRENGTH_AFTER = re.compile(r"\s*(?:strength|power|pain|scale|tabs?|murmur|motor|dtrs?|units?)\b",
                             re.IGNORECASE)
_INCH_AFTER = re.compile(r"\s*in\b")
_FRACTION_AFTER = re.compile(
    r"^\s*(?:strength|power|pain|scale|tab|tabs|tablet|of|x|bilat|bilaterally|and|b/l|"
    r"throughout|intact|motor|murmur|sem|hsm|dtr|ue|le|\+|x\b|b/l|units?\b)", re.IGNORECASE)
# Events and procedures dated right after their name: "removed 4/6", "Echo 3/10",
# "family meeting 5/5", "extubated 8/28".
_EVENTS = (r"admitted|admit|discharged|seen|visit|appt|returned|presented|surgery|performed|"
           r"done|started|stopped|removed|placed|inserted|changed|extubated|intubated|"
           r"reintubated|resumed|restarted|held|d/?c'?d|discontinued|drawn|sent|transfused|"
           r"transferred|echo|tte|tee|ct|cta|mri|mra|cxr|kub|egd|ercp|colonoscopy|cath|ekg|ecg|"
           r"eeg|biopsy|bx|scan|u/?s|meeting|mtg|culture|cultures|cx|scheduled|planned|due|"
           r"expires?|exp|lmp|edd|dob|dos|coiling|clipping|repair|banded|banding|placement|"
           r"l?bm|note|adm|admission|discharge|labs?|bmp|cbc|cmp|lfts?|ua|inr|signed|"
           r"written|dictated|transcribed|entered|reviewed|updated|called|spoke|faxed|ordered|"
           r"received|rec'?d|obtained|collected|completed|today|yesterday|tomorrow|called\s+out|"
           r"d/c(?:'?d)?\s+home|"
           # session 14: sign-out and hand-off headings, clinic follow-ups, "adm 2/2 d/c 2/3"
           r"sign[\s-]?out|handoff|hand-off|clinic|d/c|"
           # session 15: arrivals, returns, drains and deliveries ("Return 4/4", "SVD 3/8")
           r"return|arrive|arrival|drained|delivered|delivery|n?svd|"
           r"(?:set|scheduled|planned|booked|due)\s+for")
# (session 17 added "went home" and "start" here; session 18 took them out again: "start 2/3
# MIVF", "start 1/2 basal" and "sent home 1/2 way" are common fractions in orders.)
# Weekday names and abbreviations: "Thurs 5/15", "tues 3/4", "Mon., 6/2".
WEEKDAY = (r"(?:mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|"
           r"friday|sat|saturday|sun|sunday)")
_DATE_CUE_BEFORE = re.compile(
    rf"(?:\bon|since|from|until|till|to|dated|date|through|thru|by|of|last|next|f/u|followup|"
    rf"follow-up|\b(?:{_EVENTS}|{WEEKDAY})\.?|[:@(\[])\W*$", re.IGNORECASE)
#: Every word of these cue lists has a letter: a window with none (a run of "1/2, 1/2, ") is
#: told no cue without trying each word at each place; of the date cues only a bracket is left.
LETTER = re.compile(r"[^\W\d_]")
_DATE_CUE_MARK = re.compile(r"[:@(\[]\W*$")
#: Ventilator, vital-sign and lab contexts: "PSV 10/5", "bipap 12/5", "Apgars 8/9",
# "flowby 6/3", "BP 12/8", "ABG 7.43/41/76/28", "1/2 NS".
MEASURE_BEFORE = re.compile(
    r"\b(?:psv?|peep|c?pap|bi-?pap|ipap|epap|flow-?by|fb|a/?c|simv|prvc|vc|aprv|hfov|vent|"
    r"settings?|mode|bp|nibp|abp|sbp|dbp|art|a-?line|cuff|cvp|pap|pas|map|ef|apgars?|dtrs?|"
    r"reflexes|strength|grips?|motor|gcs|rass|cervix|fio2|o2|vt|tv|rr|hr|spo2|sats?|abg|vbg|"
    r"gas(?:es)?|ratio|i:e|hct|hgb|h/h|lytes|d5|ns|lr|ventilator|hfnc)[\s:=]*$",
    re.IGNORECASE)
_MEASURE_AFTER = re.compile(r"^\s*(?:%|/|fio2|peep|ps\b|ns\b|nss\b|cm\b|mm\s*hg|mmhg)",
                            re.IGNORECASE)
# "s/p ... 11-14": a procedure earlier in the same clause dates the number.
_STATUS_POST = re.compile(r"\b(?:s/p|status post)\b[^.;\n]*$", re.IGNORECASE)


def _measure(m: re.Match[str], text: str) -> bool:
    """A ventilator setting, vital sign or lab string, not a date ("Pap 6/12/22", a smear in
    title case, is a date; "PAP 40/20" a pressure)."""
    before = text[max(0, m.start() - 14):m.start()]
    cue = MEASURE_BEFORE.search(before) if LETTER.search(before) else None
    if cue is not None and (cue.group(0).rstrip(" \t:=\n") == "Pap" or no_pressure(m, cue)
                            or _timestamp(m, text, cue)):
        cue = None
    return bool(cue or _MEASURE_AFTER.match(text[m.end():m.end() + 8]))


def _timestamp(m: re.Match[str], text: str, cue: re.Match[str]) -> bool:
    """"VENT\n12/5 0400: pt on PRVC": a month/day that starts its line with a clock time
    after it is the line's timestamp; the vent word on the line before is no setting's cue
    (session 16)."""
    line = text.rfind("\n", 0, m.start()) + 1
    return "\n" in cue.group(0) and not text[line:m.start()].strip() and \
        bool(_TIME_AFTER.match(text, m.end()))


# A clock time right after: "CXR 2/3 09:00", "meeting 3/3 3:00", "seen 3/6 1430".
# "3/4 10am": a clock time, also with am/pm (session 9, deiddc)
_TIME_AFTER = re.compile(r"(?:[ \t]+|[ \t]*@[ \t]*)(?:[012]?\d:[0-5]\d|[01]\d[0-5]\d|2[0-3][0-5]\d|"
                         r"(?:1[0-2]|0?[1-9])(?::[0-5]\d)?[ \t]?(?i:[ap]\.?m)(?![a-z]))\b")


# A study or event named right after: "3/4 cxr: ...", "3/4 echo - EF 40%".
_STUDY_AFTER = re.compile(r"[ \t]*(?:cxr|ct|cta|mri|mra|echo|tte|tee|ekg|ecg|eeg|kub|egd|ercp|"
                          r"labs|cath|bx|biopsy|colonoscopy|us|u/s)\b", re.IGNORECASE)
# A date that opens a line as its heading: "5/5 - CT done", "3/4: febrile overnight".
_LINE_START = re.compile(r"(?:^|\n)[ \t]*[-*\u2022]?[ \t]*$")
_HEADING_AFTER = re.compile(r"[ \t]*(?:-|:|\u2013)(?:[ \t]+(?![\d.])|$)", re.MULTILINE)
#: A note's title after a date that starts its line: "2/6 rehab md note", "3/4 PT addendum";
#: at most three title words, none of them a reference ("5/5 per neuro note", "3/8 see
#: addendum", "1/2 life per pharmacy note" are not titles; session 18).
_NOTE_TITLE_AFTER = re.compile(
    r"[ \t]{1,3}(?:(?!(?:per|see|as|in|the|of|from|by|on|to)\b)[A-Za-z/&.]{1,20}[ \t]{1,3}){0,3}"
    r"(?:note|addendum)\b", re.IGNORECASE)
_LINE_OPENING = re.compile(r"[ \t]*[-*\u2022]?[ \t]*")


def _opens_line(text: str, start: int) -> bool:
    """Only blanks and a bullet between the real start of the line and ``start`` (not the
    start of a 20-character slice; session 18)."""
    line = text.rfind("\n", 0, start) + 1
    return start - line <= 20 and _LINE_OPENING.fullmatch(text, line, start) is not None


# Another date of a range or list beside it: "3/4 - 3/6", "5/1 to 3/4", "5/15, 5/3".
_RANGE_NEXT = re.compile(r"\s*(?:-|\u2013|to|thru|through|until|till)\s*\d{1,2}/\d{1,2}\b",
                         re.IGNORECASE)
_DATE_BEFORE = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(?:/\d{2,4})?\s*"
                          r"(?:(-|\u2013|to|thru|through|until|till)|,|;|&|and)\s*$",
                          re.IGNORECASE)


def _date_beside(m: re.Match[str], text: str) -> bool:
    """A range or list with a plain date: "3/4-3/6", "3/4 to 3/6", "5/15, 5/3". In a list
    the other date must not look like a fraction ("5/5, 4/5" is two strengths), nor may a
    range be followed by a unit ("1/2 - 3/4 tab")."""
    if _FRACTION_AFTER.match(text[m.end():m.end() + 15]):
        return False
    before = _DATE_BEFORE.search(text, max(0, m.start() - 16), m.start())
    if before:
        month, day = int(before.group(1)), int(before.group(2))
        if month <= 12 and (before.group(3) or day > 10 or month > day):
            return True
    after = _RANGE_NEXT.match(text, m.end())
    return bool(after) and not _FRACTION_AFTER.match(text[after.end():after.end() + 15])


#: A clock time right before: "arrive 0600 4/6" (session 15).
_CLOCK_BEFORE = re.compile(r"(?<![\w/.:-])(?:[01]\d|2[0-3])[0-5]\d[ \t]+$")
_ROW_BEFORE = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})[ \t]+$")
_ROW_AFTER = re.compile(r"[ \t]+(\d{1,2})/(\d{1,2})(?![\w/]|[.-]\d)")


def _in_date_row(m: re.Match[str], text: str, month: int, day: int) -> bool:
    """Between two month/days of the same month, days rising: "3/9  3/10  3/11" (strengths
    "5/5 5/5 5/5" do not rise)."""
    before = _ROW_BEFORE.search(text, max(0, m.start() - 12), m.start())
    after = _ROW_AFTER.match(text, m.end())
    return before is not None and after is not None and \
        int(before.group(1)) == month == int(after.group(1)) and \
        int(before.group(2)) < day < int(after.group(2))


_PLAIN_DATE = re.compile(r"(?<![\w/.-])(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])(/\d{2,4})?"
                         r"(?![\w/]|[.-]\d)")


def _date_earlier_in_line(m: re.Match[str], text: str) -> bool:
    """Dates come in clusters: "seen in ED 3/2 for CP, d/c home 3/3". A date earlier on the
    line that cannot be a fraction (a year, a day over 10 or a month over the day) makes an
    ambiguous one a date too."""
    line = text.rfind("\n", 0, m.start()) + 1
    for other in _PLAIN_DATE.finditer(text, max(line, m.start() - 80), m.start()):
        month, day = int(other.group(1)), int(other.group(2))
        if other.group(3) or day > 10 or month > day:
            return not _measure(other, text)
    return False


def _month_day_ok(m: re.Match[str], text: str) -> bool:
    """'7/22' and 'removed 4/6' are dates; '5/5 strength', '1/2 tab', '2/2' (secondary to),
    '7/10 pain', 'PSV 10/5', 'bipap 12/5 40%' are not."""
    month, day = int(m.group(1)), int(m.group(2))
    if _measure(m, text):
        return False
    before = text[max(0, m.start() - 20):m.start()]
    after = text[m.end():m.end() + 15]
    lettered = LETTER.search(before) is not None  # else no word cue before (above)
    if score_or_count(m, text, month, day, lettered=lettered):
        return False  # "abx day 3/7", "bcx 2/2 GPC", "BIMS 11/15", "pain 4/10", "1/2 dose"
    cue = (_DATE_CUE_BEFORE if lettered else _DATE_CUE_MARK).search(before)
    word = cue.group(0).lower().strip(" \t\n:@([") if cue else ""
    if word in ("", "from", "vs") and (strength_grade(m, text, month, day)
                                       or score_pair(m, text, day)):
        return False  # "strength: 5/5 bilat", "Tinetti 20/28 (from 12/28)" (session 20)
    if (cue
            or _TIME_AFTER.match(after) or _CLOCK_BEFORE.search(before)) and \
            not (lettered and _FRACTION_BEFORE.search(before) or _STRENGTH_AFTER.match(after)):
        return True
    if lettered and _FRACTION_BEFORE.search(before) or _FRACTION_AFTER.search(after):
        return False
    if day in (2, 4, 8, 16, 32) and _INCH_AFTER.match(after):
        return False  # "1/2 in", "5/16 in"; "fire 11/22 in lowell" is a date
    if _LINE_START.search(before) and (_HEADING_AFTER.match(after)  # "5/5 - CT done"
                                       or (_NOTE_TITLE_AFTER.match(text, m.end())
                                           and _opens_line(text, m.start()))):
        return True  # "2/6 rehab md note - ..." (session 17): a note's title after its date
    if _STUDY_AFTER.match(after):  # "3/4 cxr: rll infiltrate"
        return True
    if _in_date_row(m, text, month, day):
        return True  # "3/9     3/10    3/11": a flowsheet's row of dates
    if (month, day) != (2, 2) and (_date_beside(m, text) or _date_earlier_in_line(m, text)):
        return True  # "2/2" is "secondary to"
    if m.group(1).startswith("0") or m.group(2).startswith("0"):  # "3/04": no fraction
        return True
    if day in (2, 3, 4, 5, 6, 8, 10) and month <= day:  # a common fraction: needs a cue
        return bool(_STATUS_POST.search(text[max(0, m.start() - 40):m.start()]))
    return True


# "(3-3-2)", "(2-3-3)": one-digit parts of a score in brackets, not a date.
_SCORE_PARTS = re.compile(r"\(\d-\d-\d\)")


def _one_digit_year_ok(m: re.Match[str], text: str) -> bool:
    if _measure(m, text) or _SCORE_PARTS.match(text, m.start() - 1):
        return False  # "prep score 8 (3-3-2)": a score's parts in brackets
    return int(m.group(2)) > 12 or bool(_DATE_CUE_BEFORE.search(text[max(0, m.start() - 20):
                                                                    m.start()]))


def _full_date_ok(m: re.Match[str], text: str) -> bool:
    """"12/10/40%" (vent rate, PEEP, FiO2) and "PSV 10/5/40" are settings, not dates."""
    return not _measure(m, text)


_HYPHEN_CUE = re.compile(
    r"(?:\b(?:on|since|dated|date|dos|dob|seen|visit|appt|appointment|admitted|discharged|"
    r"returned|presented|performed|done|given|drawn|started|stopped|last|next|until|thru|"
    r"f/u|follow-?up|comparison|transcribed|dictated|service|retired|removed|placed|from|"
    r"prior|held|adm|monday|tuesday|tues|wednesday|weds|thursday|thurs|friday|saturday|"
    r"sunday))\W{0,3}$",
    re.IGNORECASE)
#: A word that opens a line of its own, not a unit of the number before the break
_LINE_OPENER = re.compile(r"[ \t]*(?i:pts?)\b")
_QUANTITY_AFTER = re.compile(
    r"^(?:\s*(?:%|x\b|/|\+|[a-z]+/)|[a-z]|\s+(?:min|mins|minutes?|h|hrs?|hours?|days?|d|wks?|"
    r"weeks?|mos?|months?|y|yrs?|years?|times|x|mg|mcg|g|gm|kg|ml|l|cc|units?|u|meq|mmol|tabs?|"
    r"tablets?|caps?|puffs?|drops?|doses?|pts?|points?|cm|mm|inch(?:es)?|lbs?|liters?|beats|bpm|"
    r"breaths|episodes?|pads?|sprays?|servings?|cups?|glasses|beers|drinks|packs?|ppd|"
    r"floors?|stairs|steps|blocks|feet|ft|meters?|of|out|shifts?|"
    r"per(?!\s+(?:dr|md|np|pa|rn|radiology|report|team|family|pt))|each|more|less)\b)",
    re.IGNORECASE)


def _hyphen_day_ok(m: re.Match[str], text: str) -> bool:
    """"seen 7-22", "07-22": a month-day; "7-10 days", "5-10 mg", "GCS 3-15" are ranges.

    A zero-padded month ("07-22") needs no cue; otherwise a date word must come just before
    ("on", "seen", "DOS:"). Never when a unit or count follows, also on the next line (a
    wrapped "on 5-10\nmg"), unless that line opens with "pt" (session 21: "Labs 07-19" above
    "pt to have"; fix round: a unit word there blocks the date again)."""
    after = text[m.end():m.end() + 14]
    line, _, rest = after.partition("\n")
    if _QUANTITY_AFTER.match(line if _LINE_OPENER.match(rest) else after):
        return False
    before = text[max(0, m.start() - 16):m.start()]
    if _FRACTION_BEFORE.search(before) or _measure(m, text) or shift_or_parts(m, text):
        return False  # "RN NOTE 07-19" (a shift), "rib fx 4-8" (session 20)
    return (m.group(1).startswith("0") or bool(_HYPHEN_CUE.search(before))
            or bool(_STATUS_POST.search(text[max(0, m.start() - 40):m.start()])))


def _month_year4_ok(m: re.Match[str], text: str) -> bool:
    """"7/2019" is a date; "1-2000 mL", "ref 1-2000" and "PEEP 5-2000" are not."""
    if m.group(1) == "/":
        return True
    return not (_QUANTITY_AFTER.match(text[m.end():m.end() + 14]) or _measure(m, text)
                or _RANGE_WORD_BEFORE.search(text[max(0, m.start() - 16):m.start()]))


_RANGE_WORD_BEFORE = re.compile(r"(?:range|normal|nl|ref|between|goal|target)\W*$",
                                re.IGNORECASE)
_ID_CUE_BEFORE = re.compile(
    r"(?:mrn|mr|id|#|acct|account|no\.?|number|num|serial|s/n|accession|member|policy|"
    r"pager|phone|tel|fax|lot|model|order|specimen|case|claim|ref)\W*$", re.IGNORECASE)


def _compact_ok(m: re.Match[str], text: str) -> bool:
    """"20190722" is a date only when it is a real calendar date and no id cue precedes it."""
    from datetime import date

    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return not _ID_CUE_BEFORE.search(text[max(0, m.start() - 18):m.start()])


DATE_PATTERNS: list[Pattern] = [
    # "July 22nd", "Jul 22, 2019", "JUL 22 2019", "Sept. 3rd, 2020"
    # "Jul-22", "JUL-22-2019", "July 22-25" (a range of days is one span)
    _p("DATE", first=_MON_FIRST, triggers=MON_TRIGGERS,
       pattern=rf"\b{MON}(?:\s*|-){DAY}(?![\d:])(?:-{DAY}(?![\d:]))?"
       rf"(?:(?:,\s*|\s+|-){YEAR4}|,\s*{_SHIFTED_YEAR}{_NOT_CLOCK}|\s*,?\s*['\u2019]\d\d)?{_END}",
       check=_month_ok),
    # "22 Jul", "22-Jul-2019", "22nd of July 2019", "3 March, 2020", "22JUL19"
    _p("DATE", first=_D, triggers=MON_TRIGGERS,
       pattern=rf"{_START}{DAY}(?:\s+of)?[\s-]*{MON}(?:(?:[\s,-]+|(?<=[a-z]))"
       rf"(?:{YEAR4}|{_SHIFTED_YEAR}{_NOT_CLOCK}|\d\d))?{_END}", check=_month_ok),
    # "July 2019", "Jan-2019", "March of 2018", "Dec '92", "Mar 2103" (a shifted year)
    _p("DATE", first=_MON_FIRST, triggers=MON_TRIGGERS,
       pattern=rf"\b{MON}(?:,?\s+(?:of\s+)?|-)(?:{YEAR4}|{_SHIFTED_YEAR}{_NOT_CLOCK}){_END}",
       check=_month_year_ok),
    _p("DATE", first=_MON_FIRST, triggers=_QUOTES,
       pattern=rf"\b{MON}\s*['\u2019]\d\d{_END}", check=_month_ok),
    # "2019-07-22", "2019/7/22", "2019.07.22"
    # "2019-07-22", "2019/7/22", "2019.07.22", "2019-07-22T10:30", "2019-07-22T10:30:15Z"
    _p("DATE", first=_D,
       pattern=rf"{_START}{YEAR4}([-/.])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])"
       r"(?:t(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?" + _END),
    # "20190722", "20190722T1030": a valid date, not part of a longer number or an id
    _p("DATE", first=_D,
       pattern=r"(?<![\w.,/:#-])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
       r"(?:t(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?)?(?![\w/-]|[.,:]\d)", check=_compact_ok),
    # "admitted 5-19-9", "9-14-9": a one-digit year, after a date word or with a day over 12
    _p("DATE", first=_D,
       pattern=rf"{_START}(?:1[0-2]|0?[1-9])([-/])(3[01]|[12]\d|0?[1-9])\1\d{_END}",
       check=_one_digit_year_ok),
    # "07-22-2019", "7/22/19", "22/07/2019", "22.07.2019"; "12/24/18-12/28/18" (one span)
    _p("DATE", first=_D,
       pattern=rf"{_START}(?:3[01]|[12]\d|0?[1-9])([-/.])(?:3[01]|[12]\d|0?[1-9])\1"
       rf"(?:{YEAR4}|{_SHIFTED_YEAR}|\d\d)(?:[ \t]*-[ \t]*(?:3[01]|[12]\d|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])"
       rf"\1(?:{YEAR4}|{_SHIFTED_YEAR}|\d\d))?{_END}", check=_full_date_ok),
    # "7/22", "07/22" (month/day) with guards for fractions and scores
    _p("DATE", first=_D,
       pattern=rf"{_START}(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9]){_END}", check=_month_day_ok),
    # "7/22-7/25", "7/22-25": a range of dates, one span
    _p("DATE", first=_D,
       pattern=rf"{_START}(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])-(?:(?:1[0-2]|0?[1-9])/)?"
       rf"(?:3[01]|[12]\d|0?[1-9]){_END}"),
    # "7-22", "07-22" (month-day) only after a date word or zero-padded, never before a unit
    _p("DATE", first=_D,
       pattern=rf"{_START}(1[0-2]|0?[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]){_END}",
       check=_hyphen_day_ok),
    # "07/2019", "7/2019", "07-2019" (not "1-2000 mL")
    _p("DATE", first=_D,
       pattern=rf"{_START}(?:1[0-2]|0?[1-9])([/-]){YEAR4}{_END}", check=_month_year4_ok),
    # "'92", "\u201992"
    _p("DATE", first="['\u2019]", triggers=_QUOTES,
       pattern=r"(?<![\w'\u2019])['\u2019]\d\d\b"),
]
