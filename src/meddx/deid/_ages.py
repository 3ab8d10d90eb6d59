"""Ages over 89 written without "yo" or "age" beside them (``_patterns.py`` has those):

* age and sex with a slash: "Age/Sex: 95/F", "93 / M"; glued in lower case at the start of
  a line or after "pt", "s:" ("92f w/ uti", "s: 94m"), never after a temperature cue;
* "who is 93.", "she turned 101 and": a person, a verb of age, the number, then the end
  of the clause (never "sat is 95 on 2L" or "HR was 98");
* a relative with the age in brackets: "her grandmother (97)", "wife (91)", "wife ruth (90)",
  "wife dolores (91 yo)";
* a titled name with the age beside it: "Pt Fiona Smith (91),", "Mrs. Okafor, 94, lives";
* a decade over 89: "in her 90s", "in his late nineties", "in her 100s" (the age is over 89,
  so the decade identifies as much as the number; "sats in the 90s" has no person);
* an age a birthday names: "birthday Jan 20 (will be 94)", "turning 99" (session 16); a spelled
  age between commas in any letter case: "opal pettigrew, ninety-three," (no vital sign,
  measure or number before it on its line).

Only the number is the span, as the annotation policy marks it.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import lexicon
from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["AGE_FORM_PATTERNS"]

_p = make_pattern
_OLD = r"(9\d|1[01]\d)"
_PERSON = (r"who|she|he|pt|patient|mother|mom|father|dad|grandmother|grandfather|grandma|"
           r"grandpa|wife|husband|spouse|sister|brother|aunt|uncle|widow|widower|friend|"
           r"neighbou?r|son|daughter|niece|nephew|resident|veteran|gentleman|lady|woman|man")

_SPELLED_OLD = (r"ninety(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|"
                r"one[ \t]hundred(?:[ \t-](?:and[ \t-])?(?:one|two|three|four|five|six|seven|"
                r"eight|nine|ten))?")

_VITAL_BEFORE = re.compile(r"\b(?:hr|heart\s+rate|pulse|sats?|spo2|o2|bp|sbp|map|rr|temp|"
                           r"glucose|bg|sugars?)\b[^.;\n]{0,12}$", re.IGNORECASE)


def _decade_ok(m: re.Match[str], text: str) -> bool:
    """"she is in her 90s"; not "HR in her 90s" (a vital sign)."""
    return not _VITAL_BEFORE.search(text, max(0, m.start() - 20), m.start())


_TEMP_BEFORE = re.compile(r"(?:\bt|temp|tmax|tm|temperature|febrile|fever)[\s:=]*(?:of\s*)?$",
                          re.IGNORECASE)


def _not_temperature(m: re.Match[str], text: str) -> bool:
    """"92f w/ uti" is an age; "T 98f", "tmax 99F" are temperatures."""
    return not _TEMP_BEFORE.search(text, max(0, m.start(1) - 14), m.start(1))


_SEX_CUE_BEFORE = re.compile(r"(?:^|\n|\b(?:pt|patient|hpi|s|cc|id|an?)[ \t]*[:,]?)[ \t]*$",
                             re.IGNORECASE)
_IS_BEFORE = re.compile(rf"\b(?:{_PERSON})(?:\.?[ \t]+(?:is|was|turned|turns|will[ \t]+be|now)|"
                        r"['\u2019]ll[ \t]+be|['\u2019]s)"
                        r"[ \t]+(?:now[ \t]+)?$", re.IGNORECASE)
_TURNED_BEFORE = re.compile(rf"\b(?:{_PERSON})[ \t]+[\"\u201c']?turn(?:ed|s)[ \t]+$", re.IGNORECASE)
_TURNED_ALONE = re.compile(r"\bturn(?:ed|s)[ \t]+$", re.IGNORECASE)
#: "last November", "this spring": when a birthday was ("bed turned 90 this shift" is no age).
_WHEN_AFTER = re.compile(
    r"[ \t]+(?:last|this)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|"
    r"fall|autumn|winter|year|month|week|birthday)", re.IGNORECASE)
_PERSON_BEFORE = re.compile(rf"\b(?:{_PERSON})[ \t]*$", re.IGNORECASE)
#: A relative's first name between the relation and the bracket: "lives w/ wife ruth (90)".
_PERSON_NAME_BEFORE = re.compile(rf"\b(?:{_PERSON})[ \t]+[A-Za-z][a-z'\u2019-]+[ \t]*$", re.IGNORECASE)


def _glued_sex_ok(m: re.Match[str], text: str) -> bool:
    """"92f" at the start of a line or after "pt", "s:", "a"; not "T 98f" (a temperature)."""
    return bool(_SEX_CUE_BEFORE.search(text, max(0, m.start() - 12), m.start())) \
        and _not_temperature(m, text)


def _person_is_ok(m: re.Match[str], text: str) -> bool:
    return bool(_IS_BEFORE.search(text, max(0, m.start() - 40), m.start()))


def _bare_age_ok(m: re.Match[str], text: str) -> bool:
    """"92f" after a line start or "pt"; "95/F" (always); "93." after "who is"."""
    if m.group(3) is not None:
        return True
    if m.group(2) is not None:
        return _glued_sex_ok(m, text)
    if _TURNED_ALONE.search(text, max(0, m.start() - 8), m.start()) and \
            _WHEN_AFTER.match(text, m.end()):
        return True  # "(turned 90 last November)"
    if m.group(5) is not None:  # "she turned 96 on Halloween"
        return bool(_TURNED_BEFORE.search(text, max(0, m.start() - 30), m.start()))
    return m.group(4) is not None and _person_is_ok(m, text)


# A titled name just before: "Pt Fiona Smith (91)", "Mrs. Okafor, 94," (case-sensitive).
_TITLED_BEFORE = re.compile(r"\b(?:[Mm]rs?|M[sx]|[Pp]t|[Pp]atient)\.?[ \t]+"
                            r"(?:[A-Z][a-z][\w'-]*[ \t]+){0,2}[A-Z][a-z][\w'-]*[ \t]*$")
_SEX_WORD_BEFORE = re.compile(r"\b(?:female|male|woman|man|lady|gentleman|pt|patient)[ \t]*$",
                              re.IGNORECASE)


# A relative or resident and their name just before: "Wife Wilma (90)", "resident Harold
# Weems (96)" (session 9, deidout); the name's words must not be clinical ("son Temp (99)").
_KIN_NAME_BEFORE = re.compile(
    r"\b(?i:mother|mom|father|dad|grandmother|grandfather|grandma|grandpa|wife|husband|spouse|sister|"
    r"brother|aunt|uncle|widow|widower|friend|neighbou?r|son|daughter|niece|nephew|resident|veteran)"
    r"[ \t]+(?P<name>(?:[A-Z][a-z][\w'-]*[ \t]+){0,2}[A-Z][a-z][\w'-]*)[ \t]*$")


def _kin_name_ok(m: re.Match[str], text: str) -> bool:
    k = _KIN_NAME_BEFORE.search(text, max(0, m.start() - 48), m.start())
    return k is not None and not any(lexicon().is_medical(w.lower()) for w in k.group("name").split())


# A full name just before, no title (session 14, sign-outs and census lists): "Vivienne
# Laroche (98)", "Hobbs, Clement (93)", "Wilhelmina Ostrander (Billie), 91,", "Opal
# Pettigrew, ninety-three,". Neither word may be clinical or a vital sign ("Pulse Ox (95)").
_FULL_NAME_BEFORE = re.compile(
    r"(?<![\w'-])(?P<name>[A-Z][a-z][\w'-]*,?[ \t\n]+[A-Z][a-z][\w'-]*)"
    r"(?:[ \t]+\([A-Z][a-z]+\))?[ \t]*,?[ \t]*(?:now[ \t]+)?$")
_NOT_NAME_WORDS = frozenset("pulse sat sats room air heart rate goal target resp temp weight "
                            "dose age aged bed rm room unit score total level the".split())


def _full_name_ok(m: re.Match[str], text: str) -> bool:
    k = _FULL_NAME_BEFORE.search(text, max(0, m.start() - 48), m.start())
    if k is None:
        return False
    lex = lexicon()
    words = [w.strip(",").lower() for w in k.group("name").split()]
    if all(w in lex.common_words and w not in lex.first_names for w in words):
        return False  # "Peak Flow (95)", "Fasting Sugar (96)": common words, no listed first name
    return not any(w in _NOT_NAME_WORDS or lex.is_medical(w) for w in words)


def _person_bracket_ok(m: re.Match[str], text: str) -> bool:
    """"her grandmother (97)", "Pt Fiona Smith (91)", "wife ruth (90)", "resident Harold Weems
    (96)"; not "sats (97)"."""
    return bool(_PERSON_BEFORE.search(text, max(0, m.start() - 16), m.start())
                or _PERSON_NAME_BEFORE.search(text, max(0, m.start() - 32), m.start())
                or _TITLED_BEFORE.search(text, max(0, m.start() - 40), m.start())) or _kin_name_ok(m, text) \
        or _full_name_ok(m, text)


_YEARS_AFTER = re.compile(r"[ \t]?y\.?(?![\w/])")


# A title with its period in any letter case: "mrs. quill-bates, 94," (session 16).
# Letters only between the title and the comma ("Mr. Okafor HR 120, 110" is a vitals series;
# datefix16).
_LOWER_TITLED_BEFORE = re.compile(r"\b(?i:mrs|mr|ms|mx)\.[ \t]+(?P<name>(?:[^\W\d_'-][\w'-]*[ \t]+){0,2}"
                                  r"[^\W\d_'-][\w'-]*)[ \t]*,?[ \t]*(?:now[ \t]+)?$")
#: Vital-sign tokens between a title and the number ("Mr. Okafor HR 120, 110"): whole
#: abbreviations only, so that "mrs. temple, 94," and "mr. level, 95," keep their age.
_VITAL_IN_NAME = re.compile(r"\b(?:hr|bp|rr|map|sbp|dbp|spo2|o2|sats?|temp|tmax|t|wt|bg|fsbg|"
                            r"glucose|pulse|weight)\b|\d", re.IGNORECASE)
_MEASURE_ON_LINE = re.compile(r"\b(?:hr|heart|pulse|sats?|spo2|o2|bp|pressure|over|sbp|map|rr|"
                              r"resp\w*|temp\w*|glucose|bg|sugars?|weight|wt|score|rate|level|"
                              r"percent|mg|ml|units?)\b|\d", re.IGNORECASE)


#: A spelled number next to another in a comma list, or a counting task on the line: "count
#: backwards one hundred, ninety-nine," and "serial sevens one hundred, ninety-three," count,
#: they name no age (datefix16).
_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
                r"sixty|seventy|eighty|ninety|hundred)")
_NUMBER_WORD_BEFORE = re.compile(rf"\b{_NUMBER_WORD}[ \t]*$", re.IGNORECASE)
_NUMBER_WORD_AFTER = re.compile(rf"[ \t]*,[ \t]*(?:and[ \t]+)?{_NUMBER_WORD}(?:[ \t-]+{_NUMBER_WORD})*"
                                rf"[ \t]*(?:[,.]|$)", re.IGNORECASE)
_COUNTING_ON_LINE = re.compile(r"\b(?:count(?:s|ed|ing)?|serial|sevens|backwards?)\b",
                               re.IGNORECASE)


def _spelled_age_ok(m: re.Match[str], text: str) -> bool:
    """"opal pettigrew, ninety-three, mrn ...": a spelled number over 89 between commas is an
    age in any letter case when no vital sign, measure or number comes before it on its line
    ("pulse ninety-two, ninety-four" is not; session 16), no spelled number is its neighbour
    in the list and no counting task is on its line (datefix16)."""
    if not m.group(1)[0].isalpha():
        return False
    line = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    return not (_MEASURE_ON_LINE.search(text, max(line, m.start() - 60), m.start())
                or _NUMBER_WORD_BEFORE.search(text, max(line, m.start() - 16), m.start())
                or _NUMBER_WORD_AFTER.match(text, m.end())
                or _COUNTING_ON_LINE.search(text, line, min(end, m.end() + 120)))


def _comma_age_ok(m: re.Match[str], text: str) -> bool:
    """"the pt, 92,", "female, 91,", "Mrs. Okafor, 94,"; not "K 3.4, 98, ..." . With "y" after
    it the number is an age in any letter case ("ignatius okwuosa, 93 y.", session 15)."""
    if _YEARS_AFTER.match(text, m.end(1)):
        return True
    titled = _LOWER_TITLED_BEFORE.search(text, max(0, m.start() - 48), m.start())
    if _spelled_age_ok(m, text) or (titled and not _VITAL_IN_NAME.search(titled.group("name"))):
        return True
    return bool(_SEX_WORD_BEFORE.search(text, max(0, m.start() - 16), m.start())
                or _TITLED_BEFORE.search(text, max(0, m.start() - 40), m.start())) \
        or _full_name_ok(m, text)


_RATIO_NEAR = re.compile(r"\b(?:dos(?:e|age|ing)|ratio|rate|flow|fio2|i:e)\b", re.IGNORECASE)
#: A temperature or saturation right before "F/NN" ("Tmax F/101", "SpO2 F/92"), not one later
#: on a triage line ("F/92 T 37.2 HR 88" keeps its age).
_VITAL_RIGHT_BEFORE = re.compile(r"\b(?:t|temp|tmax|spo2|sats?)\W{0,4}(?:[fc]\W{0,3})?$",
                                 re.IGNORECASE)


def _sex_age_ok(m: re.Match[str], text: str) -> bool:
    """"F/93 with cellulitis"; not "dosage: F/90 ratio" (a dose or a ratio near) nor "Tmax
    F/101", "SpO2 F/92" (a temperature or saturation near; datefix16)."""
    return not (_RATIO_NEAR.search(text, max(0, m.start() - 16), min(len(text), m.end() + 12))
                or _VITAL_RIGHT_BEFORE.search(text, max(0, m.start() - 10), m.start()))


_BIRTHDAY_NEAR = re.compile(r"\b(?:birthday|bday|b-day|b'day)\b", re.IGNORECASE)


#: A quantity before the verb: "Weight will be 98", "Fluids will be 100 cc/hr" (datefix16).
_QUANTITY_BEFORE = re.compile(r"\b(?:weight|wt|fluids?|rate|dose|total|census)\b[^.;\n]{0,12}$",
                              re.IGNORECASE)
#: A unit or a count noun after the number ("100 patients", "100 cc/hr") makes it a count
#: (datefix16); anything else may follow an age ("turns 97 with family", "will be 92 - party").
_COUNT_AFTER = re.compile(r"[ \t]*(?:%|/|(?:cc|ml|mls|mg|mcg|kg|kgs|lbs?|units?|patients?|pts|"
                          r"people|beds?|percent|degrees?|bpm|mmhg)\b)", re.IGNORECASE)


def _birthday_age_ok(m: re.Match[str], text: str) -> bool:
    """"birthday Jan 20 (will be 94)", "turns 95 on her birthday": an age a birthday names
    (session 16); "sats will be 92", "Weight will be 98" and "will be 100 patients" name
    none (datefix16)."""
    return bool(_BIRTHDAY_NEAR.search(text, max(0, m.start() - 60), min(len(text), m.end() + 40))) \
        and not _VITAL_BEFORE.search(text, max(0, m.start() - 20), m.start()) \
        and not _QUANTITY_BEFORE.search(text, max(0, m.start() - 24), m.start()) \
        and not _COUNT_AFTER.match(text, m.end())


AGE_FORM_PATTERNS: list[Pattern] = [
    # "Age: 92y", "age 101yrs": the age cue and a glued year unit (session 16)
    _p("AGE", triggers=("age",), first="a", group=1,
       pattern=rf"\bage[ \t]*[:=]?[ \t]*{_OLD}(?:y|yrs?)(?![\w/])"),
    # "F/92", "m / 94": the sex first, then the age (session 16; "95/F" is below)
    _p("AGE", first="[mf]", group=1, triggers=("/",), check=_sex_age_ok,
       pattern=rf"(?<![\w/.-])(?:m|f)[ \t]?/[ \t]?{_OLD}(?![\w/%]|[.,]\d)"),
    # "birthday Jan 20 (will be 94)", "turning ninety-one on her birthday" (session 16)
    _p("AGE", triggers=("will be", "turn"), first="[tw]", check=_birthday_age_ok, group=1,
       pattern=rf"\b(?:will[ \t]+be|turns|turning|turned)[ \t]+({_OLD}|{_SPELLED_OLD})"
       r"(?![\w%/]|[.,]\d|[ \t]*(?:%|percent|mg|kg|lbs?|pounds)\b)"),
    # "90+ y/o", "95+ yrs"
    _p("AGE", first=r"[19]", triggers=("+",),
       pattern=rf"(?<![\w.,/:+-]){_OLD}\+[ \t]?(?:yo|y/o|y\.o|years?|yrs?)\b", group=1),
    # one pass over every bare 90-119: "92f w/ uti", "Age/Sex: 95/F", "who is 93."
    _p("AGE", first=r"[19]", check=_bare_age_ok, group=1,
       pattern=rf"(?<![\w.,/:+-]){_OLD}(?=([ \t]?[mf](?![\w/-]))|([ \t]?/[ \t]?(?:m|f|male|female)(?![\w/]))|"
       r"([ \t]*(?:$|[;)\n]|[.,](?!\d)|and\b|today\b|next\b|last\b))|([ \t]+(?:on|in|this|last)\b))"),
    # "the pt, 92, lives alone", "female, 91, from home", "Mrs. Okafor, 94, lives alone",
    # "Ignatius Okwuosa, 93 y.", "Opal Pettigrew, ninety-three,", "Beatrix Ode, now ninety-one,"
    _p("AGE", first=",", check=_comma_age_ok,
       pattern=rf",[ \t]*(?:now[ \t]+)?({_OLD}|{_SPELLED_OLD})(?=[ \t]*(?:$|[,;)\n]|\.(?!\d)|"
       r"[ \t](?:and|with|who|is|was|lives|presents|presented)\b)|[ \t]?y\.?(?![\w/]))", group=1),
    # "her grandmother (97)", "wife (91)"
    _p("AGE", first=r"\(", triggers=("(",), check=_person_bracket_ok,
       pattern=rf"\([ \t]*(?:age[ \t:]*)?{_OLD}[ \t]*(?:y/?o|yrs?|years?(?:[ \t]+old)?|herself|himself)?"
    r"[ \t]*\)", group=1),
    # "in her 90s", "in his late nineties", "in her 100s"
    _p("AGE", triggers=("0s", "nineties"), first="i", check=_decade_ok,
       pattern=r"\bin[ \t]+(?:her|his|their)[ \t]+(?:(?:early|mid|late)[ \t-]*)?"
       r"((?:9|10|11)0['\u2019]?s|nineties)\b", group=1),
]
