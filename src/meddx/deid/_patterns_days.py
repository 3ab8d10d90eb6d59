"""Dates written the way clinicians write them in passing, beyond the numeric and month-name
formats of ``_patterns.py``:

* a day of the month alone, as an ordinal after a date word or a weekday ("on the 12th",
  "since the 3rd", "Sunday the 12th", "from the 3rd to the 5th"); never before a noun
  ("on the 3rd day", "the 2nd time", "4th floor");
* holidays that name one day ("over Thanksgiving", "Christmas Eve", "New Year's Day"):
  each is a date element more specific than a year, so DATE under the project's policy;
* a date glued to the study or event before it ("CXR5/15", "adm5/15/19");

A weekday is tagged only right before a date it belongs to ("Thurs 5/15", "Monday, January
3", "Sunday the 12th"; also when the date ends a sentence: "fri 12/5."), so a reference that
marks "Thurs 5/15" as one date is covered; weekday names alone are not dates (the annotation
policy) and stay untagged. ``shift_date`` moves a weekday by the same number of days.
"""

from __future__ import annotations

import re

from meddx.deid._patterns import MON, WEEKDAY, YEAR4, Pattern, make_pattern

__all__ = ["DAY_PATTERNS", "HOLIDAY_WORDS", "SEASON_WORDS", "holiday_read_as_date"]

_p = make_pattern

#: Every ordinal day contains one of these.
_ORD_TRIGGERS = ("1st", "2nd", "3rd", "0th", "1th", "2th", "3th", "4th", "5th", "6th", "7th",
                 "8th", "9th")
_ORD = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)"
# The words an ordinal day follows: "on the 12th", "since the 3rd", "Thurs the 5th".
_DAY_CUE = re.compile(
    rf"\b(?:on|since|until|till|by|from|before|after|through|thru|starting|beginning|due|seen|"
    rf"admitted|discharged|returned|returns|scheduled|planned|called|visited|arrived|arrives|"
    rf"extubated|intubated|transferred|expected|{WEEKDAY}\.?,?)\s+(?:the\s+)?$", re.IGNORECASE)
_DAY_AFTER = re.compile(
    r"(?:\s*(?:$|[.,;:)\]!?\n]|-(?!\w)|@|\d)|\s+(?:at|and|or|when|to|through|thru|until|till|by|"
    r"per|was|had|will|in\s+the|after|before|with|for|pt|patient|he|she|they|we|i|of\s+(?:this|last|next|the)\s+"
    r"month|around|about|approx|[ap]m)\b)", re.IGNORECASE)


_THE_BEFORE = re.compile(r"\b[a-z]+[ \t]+the[ \t]+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[.;)\n]|,(?![ \t]*\d))")


def _ordinal_day_ok(m: re.Match[str], text: str) -> bool:
    """"on the 12th." is a day of the month; "on the 3rd day", "since the 2nd dose" are not.
    "reassess the 5th." (the ordinal ends its clause) is a day too; "the 4th, 5th ribs" not."""
    if _THE_BEFORE.search(text, max(0, m.start() - 24), m.start()) and \
            _CLAUSE_END.match(text, m.end()):
        return True
    return bool(_DAY_CUE.search(text, max(0, m.start() - 16), m.start())
                and _DAY_AFTER.match(text, m.end()))


_ORD_AT = re.compile(rf"{_ORD}(?:\s*(?:-|to|and|&|or|through|thru)\s*(?:the\s+)?{_ORD})?(?![\w/])",
                     re.IGNORECASE)  # the ordinal or range of the pattern below


def _the_ordinal_ok(m: re.Match[str], text: str) -> bool:
    """"the 17th" as one span when its ordinal is a day ("on the 17th", "the 5th of Jan"):
    a reference may mark "the" with the day (session 14)."""
    if m.group(1):
        return True  # "the 5th of Jan"
    day = _ORD_AT.match(text, m.start() + 3 + len(m.group(0)[3:]) - len(m.group(0)[3:].lstrip()))
    return bool(day) and _ordinal_day_ok(day, text)


#: What follows a lower-case month, not the verb: "in late may for a wedding", "by late may."
#: ("late may, however," and "late may\nworsen" are the verb; datefix16).
_MONTH_END_AFTER = re.compile(r"[ \t]*(?:[.;:)]|$|for\b)|[ \t]+\d{4}\b")
#: After a date preposition, more may follow the month: "in late may, then return", "in early
#: may\nfor follow up", "until late may and june" (the review of the fix branches).
_MONTH_END_AFTER_PREP = re.compile(r"[ \t]*(?:[.;:),\n]|$|\d|(?:and|or|with|to|then|for|when|"
                                   r"at|on|before|after)\b)")
#: A date preposition before the part word: "in late may", "until early may" (datefix16),
#: "symptoms began late may", "starting late may".
_MONTH_PREP_BEFORE = re.compile(r"\b(?:in|by|until|till|through|since|from|during|around|"
                                r"began|begun|starting|beginning|started)[ \t]+$",
                                re.IGNORECASE)


def _part_of_month_ok(m: re.Match[str], text: str) -> bool:
    """"late May" is a date; "too late, may need" is not (the verb "may", "mar" need a
    capital). In lower case "may" is the month after "week of", "end of", "beginning of" or
    when a date preposition comes before the part word and no verb follows the month ("first
    wk of may", "in late may for a wedding"; session 16; "arrive late may, however," is the
    verb, datefix16)."""
    word = text[m.end(1):m.end()]  # group 1 ends with the blanks and dashes before the month
    if not (word.lower() in ("may", "mar") and word[0].islower()):
        return True
    if word.lower() != "may":
        return False
    if m.group(1).rstrip(" \t-").lower().endswith(" of") or m.group(1).endswith("-"):
        return True  # "first wk of may", "mid-may": never the verb
    if _MONTH_PREP_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return bool(_MONTH_END_AFTER_PREP.match(text, m.end()))
    return bool(_MONTH_END_AFTER.match(text, m.end()))


_HOLIDAY = (r"thanksgiving(?:\s+day)?|christmas(?:\s+(?:eve|day))?|x-?mas(?:\s+eve)?|"
            r"new\s+year['\u2019]?s(?:\s+(?:eve|day))?|easter(?:\s+sunday)?|memorial\s+day|"
            r"labor\s+day|independence\s+day|(?:the\s+)?(?:4th|fourth)\s+of\s+july|halloween|"
            r"valentine['\u2019]?s\s+day|veterans['\u2019]?\s+day|mother['\u2019]?s\s+day|"
            r"father['\u2019]?s\s+day|martin\s+luther\s+king\s+day|mlk\s+day|presidents['\u2019]?"
            r"\s+day|columbus\s+day|juneteenth|good\s+friday|ash\s+wednesday|palm\s+sunday|"
            r"boxing\s+day|st\.?\s+patrick['\u2019]?s\s+day|cinco\s+de\s+mayo|yom\s+kippur|"
            r"rosh\s+hashanah?|hanukkah|chanukah|passover|diwali|kwanzaa|mardi\s+gras")
#: the first words of holidays and seasons (session 19): a date after a place's name, never a
#: word of it ("the oaks at parkside christmas eve": review of deidhosp18, second round)
HOLIDAY_WORDS = frozenset("christmas xmas x-mas thanksgiving easter halloween juneteenth hanukkah "
                          "chanukah passover diwali kwanzaa".split())
SEASON_WORDS = frozenset("summer winter spring fall autumn".split())
#: what follows a holiday or a season read as a date: a day's word, a year, or no word at all
_DATE_AFTER_HOLIDAY = re.compile(r"[ \t]+(?:(?i:eve|day|morning|night|weekend|break|week|holidays?|"
                                 r"of)\b|\d)|(?![ \t]*[A-Za-z])")


def holiday_read_as_date(text: str, end: int) -> bool:
    """Whether the holiday or season word ending at ``end`` reads as a date after a place's name
    ("parkside christmas eve", "parkside summer 2019", "parkside thanksgiving."), not as a word
    of the name ("Christmas Valley", "spring creek")."""
    return _DATE_AFTER_HOLIDAY.match(text, end) is not None
_NOT_HOLIDAY_AFTER = re.compile(r"\s*(?:seals?|island|lily|cactus|card|cards|tree|party|"
                                r"parties|program|fund|drive|disease|factor|egg|eggs)\b",
                                re.IGNORECASE)


_NAME_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")  # "Dr. Easter Gilmore": a name


def _holiday_ok(m: re.Match[str], text: str) -> bool:
    """"over Thanksgiving" is a date; "Easter Seals" (an organisation) and "Dr. Easter
    Gilmore" are not."""
    return not (_NOT_HOLIDAY_AFTER.match(text, m.end()) or _NAME_AFTER.match(text, m.end()))


# Studies and events a date is glued to: "CXR5/15", "adm5/15/19", "echo6/2".
_SPELLED = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
            r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
            r"nineteenth|twentieth|twenty[\s-](?:first|second|third|fourth|fifth|sixth|seventh|"
            r"eighth|ninth)|thirtieth|thirty[\s-]first")


_SPELLED_TRIGGERS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                     "eighth", "ninth", "tenth", "eleventh", "twelfth", "teenth", "twentieth",
                     "thirtieth")


def _spelled_ok(m: re.Match[str], text: str) -> bool:
    """"March third" is a date; "may first" (a verb) needs a capital."""
    word = text[m.start():m.start() + 3]
    return not (word.lower() in ("may", "mar") and word[0].islower())


_GLUED = (r"cxr|ct|cta|mri|mra|echo|tte|tee|ekg|ecg|eeg|kub|egd|cath|bx|adm|dc|d/c|dos|dob|"
          r"seen|labs|cx|on|since|from|until|till|thru|dated")
_GLUED_BEFORE = re.compile(rf"\b(?:{_GLUED})$", re.IGNORECASE)


def _glued_ok(m: re.Match[str], text: str) -> bool:
    return bool(_GLUED_BEFORE.search(text, max(0, m.start() - 6), m.start()))


_MD = r"(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])"
_END = r"(?![\w/]|[:.-]\d)"

# A date right after a weekday: "5/15", "3-4", "the 12th", "January 3".
_DATE_AFTER_WEEKDAY = re.compile(
    rf"\.?,?[ \t]+(?:the[ \t]+)?(?:\d{{1,2}}[/-]\d{{1,2}}(?!\d|\.\d|\s*(?:mg|tab|ml|%|x\b))|"
    rf"{_ORD}\b|{MON})", re.IGNORECASE)


def _weekday_ok(m: re.Match[str], text: str) -> bool:
    return bool(_DATE_AFTER_WEEKDAY.match(text, m.end()))


# The weekday and its date as one span: "Sun 6/8", "Mon the 3rd", "Friday the 27th" (session
# 14, inpatient headings and sign-outs). One span covers a reference that marks the weekday
# with the date and one that marks the date alone; "the" between them is covered too. "sat"
# and "sun" count only before a month/day or an ordinal ("Sat 11/22"), never before a
# percentage or a measure ("sat 92%", "sat 9/10 on RA" has no weekday meaning: a measure
# word follows the number or none of the date forms matches).
_WEEKDAY_DATE_AFTER = re.compile(r"(?![\w/]|[.-]\d|\s*(?:mg|tab|ml|%|x\b|on\s+(?:ra|\d)))",
                                 re.IGNORECASE)


_FRACTION_MD = re.compile(r"(\d{1,2})/(\d{1,2})$")
_OXYGEN_AFTER = re.compile(r"[ \t]*(?:l\b|lpm|nc\b|,?[ \t]*on\b)", re.IGNORECASE)


def _weekday_date_ok(m: re.Match[str], text: str) -> bool:
    """"sat 3/4 L NC", "sat 3/4, on 2L" are saturations: a lower-case "sat"/"sun" before a
    common fraction (month under a day of at most 10) or before oxygen words is no weekday;
    "sun 6/8" (no saturation) is one before any date (session 15)."""
    if not _WEEKDAY_DATE_AFTER.match(text, m.end()):
        return False
    if text[m.start()] in "sS" and text[m.start() + 1:m.start() + 3].lower() in ("at", "un") \
            and not text[m.start():m.start() + 3].istitle():
        frac = _FRACTION_MD.search(m.group(0)) if text[m.start() + 1] in "aA" else None
        if _OXYGEN_AFTER.match(text, m.end()) or (
                frac and int(frac.group(1)) < int(frac.group(2)) <= 10):
            return False
    return True


DAY_PATTERNS: list[Pattern] = [
    # "Thurs 5/15", "Monday, January 3": the weekday of a date (not "sat"/"sun": saturation)
    _p("DATE", rf"\b(?!(?:sat|sun)(?![a-z])){WEEKDAY}(?![\w-])", check=_weekday_ok,
       first="[mtwfs]",
       triggers=("mon", "tue", "wed", "thu", "fri", "saturday", "sunday")),
    # "Sun 6/8", "Mon the 3rd", "sat 11/29": the weekday and its date in one span
    _p("DATE", rf"\b{WEEKDAY}\.?,?[ \t]+(?:(?:the[ \t]+)?{_ORD}|{_MD}(?:/(?:{YEAR4}|\d\d))?)",
       check=_weekday_date_ok, first="[mtwfs]",
       triggers=("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
    # "on the 12th", "since the 3rd", "Sunday the 12th", "from the 3rd to the 5th"
    _p("DATE", rf"(?<![\w/.-])({_ORD}(?:\s*(?:-|to|and|&|or|through|thru)\s*(?:the\s+)?"
       rf"{_ORD})?)(?![\w/])", group=1, check=_ordinal_day_ok, first=r"\d",
       triggers=_ORD_TRIGGERS),
    # "on the 17th", "the 5th of Jan": "the" inside the span of a day of the month
    _p("DATE", rf"\bthe[ \t]+{_ORD}(?:([ \t]+of[ \t]+{MON})|(?![\w/]))", check=_the_ordinal_ok,
       first="t", triggers=_ORD_TRIGGERS),
    # "early September", "mid-Feb", "late Jan", "first wk of May": a part of a month (session
    # 14); the month alone is a date element more specific than a year
    _p("DATE", rf"\b((?:early|mid|late|end[ \t]+of|beginning[ \t]+of|(?:first|last|1st|2nd|3rd|"
       rf"4th|second|third|fourth)[ \t]+(?:week|wk)[ \t]+of)[ \t-]*){MON}(?![\w-])",
       check=_part_of_month_ok, first="[bceflmst1-4]",
       triggers=("early", "mid", "late", "end", "beginning", "week", "wk")),
    # "over Thanksgiving", "Christmas Eve", "New Year's Day"
    _p("DATE", rf"\b(?:{_HOLIDAY})(?![\w'\u2019])", check=_holiday_ok, first="[a-z4]",
       triggers=("thanksgiving", "christmas", "xmas", "x-mas", "new year", "easter",
                 "memorial day", "labor day", "independence day", "of july", "halloween",
                 "valentine", "veterans day", "veteran's day", "mother's day", "mothers day",
                 "father's day", "fathers day", "king day", "mlk", "presidents", "columbus day",
                 "juneteenth", "good friday", "ash wednesday", "palm sunday", "boxing day",
                 "patrick", "cinco de mayo", "yom kippur", "rosh hashana", "hanukkah", "chanukah",
                 "passover", "diwali", "kwanzaa", "mardi gras")),
    # "Jan the 4th", "MARCH THE 3RD"
    _p("DATE", rf"\b{MON}\.?[ \t]+the[ \t]+{_ORD}(?![\w/])", first="[adfjmnos]",
       triggers=_ORD_TRIGGERS),
    # "March third", "the third of March", "Jan twenty-first"
    _p("DATE", rf"\b{MON}\s+(?:the\s+)?(?:{_SPELLED})\b|\b(?:the\s+)?(?:{_SPELLED})\s+of\s+"
       rf"{MON}", check=_spelled_ok, first="[adefjmnost]", triggers=_SPELLED_TRIGGERS),
    # "CXR5/15", "adm5/15/19": a date glued to the study before it
    _p("DATE", rf"(?<=[a-z])({_MD}(?:/(?:{YEAR4}|\d\d))?){_END}", group=1,
       first=r"\d", check=_glued_ok),
]
