"""Bare years of a patient's life that the cue list of ``_patterns_years`` leaves out
(session 10, deidmisc10). The annotation policy marks years about the patient's history.

* "until" / "till" / "around" / "circa" / "approx" / "started" / "began" / "since" and a year,
  when the clause before names the person or a life event: "lived independently until 2017",
  "hospitalized around 2010", "worked as a machinist until 1990", "smoked until 1985",
  "Warfarin hx: started 2012", "sober since 1994". The time-of-day filter of ``_times`` reads
  such a number as a clock time, and it often is one ("NPO until 2000", "levophed since
  2015", "heparin started 2015"): a year that is also a round clock time (minutes 00, 15,
  30, 45) is kept only after a life verb ("lived", "worked", "retired" ...), never after a
  drug or an order; a study period ("patients were enrolled from 1990 until 1995") has no
  person or life word before it; a year no clock can read (1960-1999, 2060-2099) after
  "until", "till" or "by" with the person, a history word or a relative in the clause and
  outside a study's sentence ("by" not an amount: "net negative by 1980"), and a non-round
  year after "until" on a history line ("hx: ... on letrozole until 2017") (session 18);
* an obstetric history: "SVD 2019", "SAB 2022", "C/S 2014", "D&C 2016" (never "SVD at 2015",
  "SVD 2000 mL");
* a year right after a holiday: "Memorial Day 2009", "Labor Day 2023" (the holiday rule
  stops before the year);
* a year of birth after "b." or "YOB": "b. 1928", "YOB: 1931"; a year of death after a
  name and "d.": "(Herbert d. 2082)" (session 17);
* a year that ends the clause of a move or a retirement: "moved back to Fresno 2089 and",
  "retired from the mill 1998." (session 17).
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import listed_surname
from meddx.deid._names_world import WORLD_FIRST_NAMES
from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["LIFE_YEAR_PATTERNS", "life_year_at"]

_p = make_pattern
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|u|iu|meq|mmol|kcal|cals?|calories|x|hrs?|h|"
    r"hours|mins?|lbs?|steps|ft|feet|ebl|patients|pts|cases|subjects|rpm)\b|%|/|-[ \t]*\d|:\d)",
    re.IGNORECASE)
_ROUND = ("00", "15", "30", "45")
# Verbs of a life lived: a year after them is a year even when it reads as a round time.
_LIFE = (r"lived|living|worked|working|smoked|smoking|smoker|drank|drinking|drinker|quit|retired|"
         r"moved|married|"
         r"widowed|divorced|served|resided|employed|sober|abstinent|independent(?:ly)?|"
         r"hospitali[sz]ed|diagnosed|dx'?d|incarcerated|homeless|deployed|stationed")
_LIFE_BEFORE = re.compile(rf"\b(?:{_LIFE})\b[^.;\n]{{0,40}}$", re.IGNORECASE)
# The person or a history word earlier in the clause (weaker: not for a round clock time).
_PERSON_BEFORE = re.compile(r"\b(?:she|he|her|his|pt|patient|hx|history|h/o)\b[^.;\n]{0,40}$",
                            re.IGNORECASE)
# ... or him, or a relative who speaks of him (for a year no clock reads after "until"/"by"):
# "Mother cared for him till 1994" (review 18).
# A relative counts only as the patient's ("her mother", "pt's son"): "Mother-to-child
# transmission remained common until 1994" is a field's year (second review of deiddate18).
_KIN_BEFORE = re.compile(r"\b(?:him|(?:his|her|pt'?s|patient'?s)[ \t]+(?:husband|wife|mother|"
                         r"father|son|daughter|sister|brother|grandson|granddaughter))\b"
                         r"[^.;\n]{0,40}$", re.IGNORECASE)
# ... or the person right after the year: "Around 2010 she was hospitalized".
_PERSON_AFTER = re.compile(r",?[ \t]+(?:she|he|pt|the[ \t]+(?:patient|pt))\b", re.IGNORECASE)
_ORDER_BEFORE = re.compile(r"\b(?:npo|gtt|drip|infusion|infusing|held|hold|on[ \t]+\w+|"
                           r"started|running|tonight|today|this[ \t]+(?:am|pm|evening)|shift|"
                           r"stay|wait|monitor|feeds?|tf|tfs)\b[^.;\n]{0,24}$", re.IGNORECASE)


def _life_year_ok(cue: re.Match[str], year_end: int, text: str) -> bool:
    """A year after "until", "around" ... (``cue`` spans the cue word and the year)."""
    year = cue.group(1)
    if _UNIT_AFTER.match(text, year_end):
        return False
    before = text[max(0, cue.start() - 48):cue.start()]
    round_time = year[2:] in _ROUND and year <= "2359"
    clock = year < "1960" or year >= "2000"  # 1960-1999 cannot be a clock time
    word = text[cue.start():cue.start(1)].lower()
    no_clock = year[2:] >= "60"  # "2061", "1987": minutes past 59 (session 18)
    if word.startswith("by") and not no_clock:
        return False  # "by 2000", "quit smoking by 2015": clock times far more often
    if word.startswith("by") and (_BY_AMOUNT_BEFORE.search(before)
                                  or _study_sentence(text, cue.start(), year_end)):
        return False  # "Smoking rates had fallen by 1985" (review 18b)
    if word.startswith("by") and not (_PERSON_BEFORE.search(before) or _KIN_BEFORE.search(before)
                                      or _PERSON_AFTER.match(text, year_end)):
        return False  # "Smoking was banned in hospitals by 1993" (review 18b)
    if _LIFE_BEFORE.search(before):
        return True
    if word.startswith(("until", "till", "by")) and no_clock:
        # "By 1999, he had been sober", "she worked there until 2061": no clock reads
        # 1960-1999 or 2060-2099; the person or a history word must stand in the clause
        # ("Until 1990, the standard treatment was ..." is a field's year), not a study period,
        # and "by" not an amount ("net negative by 1980", "increased by 1980 rpm") (session 18)
        if word.startswith("by") and _BY_AMOUNT_BEFORE.search(before):
            return False
        if word.startswith(("until", "till")) and (
                _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(text, year_end)):
            return True  # the base's rule: a person before "until" is the patient's year
        return bool(_PERSON_BEFORE.search(before) or _KIN_BEFORE.search(before)
                    or _PERSON_AFTER.match(text, year_end)) \
            and not _study_sentence(text, cue.start(), year_end)
    if word.startswith(("until", "till")) and not round_time and \
            _history_line(text, cue.start()):
        return True  # "hx: HTN, breast ca 2012, on letrozole until 2017." (session 18)
    if round_time or not (_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(text, year_end)):
        return False
    # after "started"/"began" a non-round time is still a time unless a history word is near
    if clock and word.startswith(("start", "began")):
        return bool(re.search(r"\b(?:hx|history|h/o)\b", before, re.IGNORECASE))
    return not (clock and _ORDER_BEFORE.search(before))


# A study, a cohort, a group of people or a method in the sentence: "patients were followed
# until 1995", "By 1990 the incidence had doubled", "the method was used until 1995 in Europe"
# are a study's or a field's years (session 18).
_STUDY_WORD = re.compile(
    r"\b(?:patients|subjects|cases|participants|respondents|cohorts?|stud(?:y|ies)|trials?|"
    r"enrolled|enrollment|recruited|recruitment|registry|registries|surveys?|incidence|"
    r"prevalence|rates?|mortality|data|database|records|population|women|men|children|"
    r"people|individuals|residents|workers|veterans|adults|methods?|techniques?|approach(?:es)?|"
    r"guidelines?|criteria|practice|polic(?:y|ies)|programm?e?s?|used|introduced|approved|"
    r"marketed|available|recommended)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;]")


def _study_sentence(text: str, start: int, end: int) -> bool:
    """Whether a study word stands in the sentence around ``text[start:end]`` (at most 120
    characters either side)."""
    left = max(0, start - 120)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, end + 120)
    return _STUDY_WORD.search(text, ends[-1] if ends else left,
                              after.start() if after else min(len(text), end + 120)) is not None
# A line that opens as a history: "hx: HTN, ...", "PMH - ...", "History: ..." (session 18).
# Only the opening is matched, and the line's start is looked for at most 400 characters back
# (a longer line is no history line): linear on a line of many "until" years (review 18).
_HISTORY_LINE = re.compile(r"[ \t]*(?:hx|history|pmh|psh|past[ \t]+(?:medical[ \t]+)?history)"
                           r"\b", re.IGNORECASE)
_HISTORY_LINE_REACH = 400


def _history_line(text: str, start: int) -> bool:
    """Whether the line holding ``text[start]`` opens as a history."""
    left = max(0, start - _HISTORY_LINE_REACH)
    newline = text.rfind("\n", left, start)
    if newline < 0 and left > 0:
        return False
    return _HISTORY_LINE.match(text, newline + 1, start) is not None


# "by" as an amount: "net negative by 1980", "increased by 1980 rpm" (review 18).
_BY_AMOUNT_BEFORE = re.compile(
    r"\b(?:net|negative|positive|even|up|down|increased|decreased|improved|reduced|rose|fell|"
    r"dropped|changed|raised|lowered|diuresed|titrated|weaned|exceeded|off)\b[^.;\n]{0,12}$",
    re.IGNORECASE)
_CUE = (r"\b(?:until|till|around|circa|approx\.?|approximately|started|starting|began|"
        r"since|by)[ \t]+(?:about[ \t]+|approx\.?[ \t]+)?")
_CUE_YEAR_END = re.compile(_CUE + r"((?:19|20)\d\d)$", re.IGNORECASE)


def life_year_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a year of the patient's life after "until", "around" ...
    (the time-of-day filter of ``_times`` asks before it drops "until 2017" as a clock time)."""
    m = _CUE_YEAR_END.search(text, max(0, start - 30), end)
    return m is not None and m.start(1) == start and _life_year_ok(m, end, text)


_OB = r"n?svd|sab|tab|c/s|ltcs|lscs|vbac|d&c|d[ \t]?&[ \t]?e|iufd|ectopic|svb|vavd|iol"
_OB_BEFORE = re.compile(rf"\b(?:{_OB})[ \t]*(?:x[ \t]?\d[ \t]+)?\(?[ \t]*$", re.IGNORECASE)
_HOLIDAY_BEFORE = re.compile(
    r"\b(?:(?:memorial|labor|independence|veterans['\u2019]?|mother['\u2019]?s|"
    r"father['\u2019]?s|valentine['\u2019]?s|columbus|presidents['\u2019]?|king)[ \t]+day|"
    r"(?:halloween|juneteenth|thanksgiving|christmas|x-?mas|easter|new[ \t]+year['\u2019]?s)"
    r"(?:[ \t]+(?:eve|day))?)(?:[ \t]+weekend)?,?[ \t]+(?:of[ \t]+)?$", re.IGNORECASE)
# "b. 1928", "YOB: 1931": a year of birth (a birth year can say the age is over 89)
_BORN_BEFORE = re.compile(r"(?:\bb\.|\byob\b[ \t]*:?)[ \t]*\(?[ \t]*$", re.IGNORECASE)
# "(Herbert d. 2082)", "husband Ray d. 1999": a person's name, then "d." (died) (session 17);
# the name is capitalised and "d." lower case, so "Vitamin D. 2000" is not one; no comma
# between ("Smith, d. 2019, Lancet" cites a paper), no vitamin or hepatitis ("Vitamin d. 2000"),
# and the year ends its bracket or clause (session 18).
_DIED_BEFORE = re.compile(r"\b(?!(?:Vitamin|Vit|Hepatitis|Hep|Type|Stage|Factor|Grade|Class|"
                          r"Group|Dr|Von|Van|De|Calcium|Ca|Cholecalciferol|Ergocalciferol|"
                          r"Dose|Doses|Supplement|Supplements|Tab|Tabs|Vitamins)\b)"
                          r"([A-Z][a-z]+)[ \t]+d\.[ \t]*$")
_DIED_END_AFTER = re.compile(r"[ \t]*(?:[)\n;,.]|$|and\b)")
# ... in any letter case inside brackets that close right after the year: "widowed (herbert d.
# 2082)", "(HERBERT D. 2082)" (session 18; not "(vitamin d. 2000)").
_DIED_BRACKET_BEFORE = re.compile(r"\([ \t]*(?!(?:vitamin|vit|hepatitis|hep|type|stage|factor|"
                                  r"grade|class|group|dr|von|van|de|calcium|ca|"
                                  r"cholecalciferol|ergocalciferol|d3|dose|doses|"
                                  r"supplement|supplements|tab|tabs|vitamins)\b)([a-z]+)[ \t]+d\.[ \t]*$",
                                  re.IGNORECASE)
_BRACKET_END_AFTER = re.compile(r"[ \t]*\)")
# A dose word after "d. 2000": "(Max d. 2000) daily", "(Sunny d. 2000) chewable" (second review
# of deidleft19, finding 6).
_DOSE_AFTER = re.compile(r"[ \t]*\)?[ \t]*(?:daily|qd|qday|bid|tid|chewable|tabs?|iu|units?|po)\b",
                         re.IGNORECASE)
# A relation or "widowed" right before the name (a bracket between): the word is a relative who
# died, whatever the year ("mother (june d. 2000)", "widowed (Lindqvist d. 2000)"; review of
# deidleft19, finding 1).
_KIN_DIED_BEFORE = re.compile(r"\b(?:husband|wife|spouse|partner|mother|father|mom|dad|son|daughter|"
                              r"dtr|sister|brother|widow|widowed|widower|aunt|uncle|niece|nephew|"
                              r"cousin|fiancee?|boyfriend|girlfriend|"
                              r"(?:step|grand|great[ -]?grand)(?:mother|father|ma|pa|mom|dad|son|"
                              r"daughter|parent))(?:'s)?(?:[ \t]+of)?"
                              r"[ \t]*\(?[ \t]*$", re.IGNORECASE)
# A move or a change of life earlier in the year's clause, the year ending the clause: "moved
# back home to Fresno 2089 and", "retired from the mill 1998." (session 17; "treated ... 2083,"
# was tried and left out: it added 2 abstract spans for 1 year found); not a study's
# "patients who moved ... 1995" (no word of a group of people between).
_MOVE_BEFORE = re.compile(r"\b(?:moved|relocated|emigrated|immigrated|retired|remarried)\b"
                          r"[^.;:\n()0-9]{0,40}[ \t]$", re.IGNORECASE)
_GROUP_BEFORE = re.compile(r"\b(?:patients|subjects|cases|participants|families|respondents|"
                           r"women|men|children|persons|people|individuals|residents|workers|"
                           r"employees|veterans|adults)\b[^.;\n]*$",
                           re.IGNORECASE)
# A room or a bed right before the number: "moved to room 1985" is no year (session 18).
_ROOM_BEFORE = re.compile(r"\b(?:room|rm|bed|unit|floor|suite|apt|apartment|bay|pod)"
                          r"[ \t]*#?[ \t]*$", re.IGNORECASE)
_MOVE_END_AFTER = re.compile(r"[ \t]*(?:[.;,)\n]|$|(?:and|then|but|when|after)\b)", re.IGNORECASE)
# The last character before a year each form needs: a space, a tab or "(".
_BEFORE_CHARS = frozenset(" \t(")


def _year_ok(m: re.Match[str], text: str) -> bool:
    """One digit-led pattern over every 4-digit year; the words before it decide the form."""
    start = m.start()
    if text[start - 1:start] not in _BEFORE_CHARS:
        return False
    window = max(0, start - 40)
    cue = _CUE_YEAR_END.search(text, window, m.end())
    if cue is not None:
        return _life_year_ok(cue, m.end(), text)
    if _UNIT_AFTER.match(text, m.end()):
        return False
    return bool(_OB_BEFORE.search(text, window, start) or _HOLIDAY_BEFORE.search(text, window, start)
                or _BORN_BEFORE.search(text, window, start)
                or _died_year(m, text, window)
                or _moved_year(m, text))


def _died_year(m: re.Match[str], text: str, window: int) -> bool:
    """A year of death after a name and "d." ("(Herbert d. 2082)", "husband Ray d. 1999")
    whose word reads as a person's name (:func:`_died_name`)."""
    d = _DIED_BEFORE.search(text, window, m.start())
    if d is None or _DIED_END_AFTER.match(text, m.end()) is None:
        d = _DIED_BRACKET_BEFORE.search(text, window, m.start())
        if d is None or _BRACKET_END_AFTER.match(text, m.end()) is None:
            return False
    if _KIN_DIED_BEFORE.search(text, max(0, d.start(1) - 30), d.start(1)):
        return True  # "widowed (Adwoa d. 2000)", "husband Tunde d. 2000": a relative's death
    if m.group(0) == "2000" and _DOSE_AFTER.match(text, m.end()) \
            and not _listed_name(d.group(1).lower()):
        return False  # "(Max d. 2000) daily": a vitamin D product and its dose
    return _died_name(d.group(1).lower(), m.group(0))


def _listed_name(key: str) -> bool:
    """A surname of the bundled lists, or a first name that is no English word ("okafor",
    "estelle", "herbert"; not "max", "sunny": third review of deidleft19, finding 3)."""
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    if listed_surname(key):
        return True
    return (key in lex.first_names or key in WORLD_FIRST_NAMES) and key not in lex.common_words


def _died_name(key: str, year: str) -> bool:
    """Whether the word before "d." and ``year`` read as a person and a year of death: a listed
    first name ("(Rose d. 2000)"), a listed surname, or a word no list knows, never before "2000"
    unless a listed name that is no English or clinical word: "(oscal d. 2000)", "(caltrate d.
    2000)" are calcium with vitamin D 2000 units, "(daily d. 2000)", "(Iron d. 2000)" a dose
    (review of deiddate18, second round, finding 5); an English or clinical word only when a
    name list holds it, not before 2000 unless a first name."""
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    if key in lex.first_names or key in WORLD_FIRST_NAMES:
        return True
    listed = listed_surname(key)
    if key in lex.common_words or lex.is_medical(key):
        return listed and year != "2000"
    return listed or year != "2000"


def _moved_year(m: re.Match[str], text: str) -> bool:
    """A year that no clock can read (1960-1999, 2060-2099) ending the clause of a move."""
    year = m.group(0)
    if not ("1960" <= year <= "1999" or year >= "2060"):
        return False  # "moved bed 2000, tolerated": a time
    if _ROOM_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return False
    return bool(_MOVE_BEFORE.search(text, max(0, m.start() - 48), m.start())
                and _MOVE_END_AFTER.match(text, m.end())
                and not _GROUP_BEFORE.search(text, max(0, m.start() - 90), m.start()))


LIFE_YEAR_PATTERNS: list[Pattern] = [
    # "until 2017", "SVD 2019", "Memorial Day 2009": every 4-digit year, judged by _year_ok
    _p("DATE", first="[12]", check=_year_ok,
       pattern=r"(?<![\w/.,:-])(?:19|20)\d\d(?![\w/%]|[.,:-]\d)"),
]
