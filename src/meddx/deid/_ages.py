"""Ages over 89 written without "yo" or "age" beside them (``_patterns.py`` has those):

* age and sex with a slash: "Age/Sex: 95/F", "93 / M"; glued in lower case at the start of
  a line or after "pt", "s:" ("92f w/ uti", "s: 94m"), never after a temperature cue;
* "who is 93.", "she turned 101 and": a person, a verb of age, the number, then the end
  of the clause (never "sat is 95 on 2L" or "HR was 98");
* a relative with the age in brackets: "her grandmother (97)", "wife (91)";
* a titled name with the age beside it: "Pt Fiona Smith (91),", "Mrs. Okafor, 94, lives";
* a decade over 89: "in her 90s", "in his late nineties", "in her 100s" (the age is over 89,
  so the decade identifies as much as the number; "sats in the 90s" has no person).

Only the number is the span, as the annotation policy marks it.
"""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["AGE_FORM_PATTERNS"]

_p = make_pattern
_OLD = r"(9\d|1[01]\d)"
_PERSON = (r"who|she|he|pt|patient|mother|mom|father|dad|grandmother|grandfather|grandma|"
           r"grandpa|wife|husband|spouse|sister|brother|aunt|uncle|widow|widower|friend|"
           r"neighbou?r|son|daughter|niece|nephew|resident|veteran|gentleman|lady|woman|man")

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


AGE_FORM_PATTERNS: list[Pattern] = [
    # "90+ y/o", "95+ yrs"
    _p("AGE", first=r"[19]", triggers=("+",),
       pattern=rf"(?<![\w.,/:+-]){_OLD}\+[ \t]?(?:yo|y/o|y\.o|years?|yrs?)\b", group=1),
    # "92f w/ uti", "s: 94m from snf", "pt 91 f": an age glued to a lower-case sex letter
    _p("AGE", first="[0-9acdhps]", flags=re.IGNORECASE | re.MULTILINE, check=_not_temperature,
       pattern=rf"(?:^[ \t]*|\b(?:pt|patient|hpi|s|cc|id|an?)[ \t]*[:,]?[ \t]+){_OLD}[ \t]?[mf]\b",
       group=1),
    # "the pt, 92, lives alone"
    _p("AGE", first="p", triggers=("pt", "patient"),
       pattern=rf"\b(?:pt|patient)[ \t]*,[ \t]*{_OLD}[ \t]*,", group=1),
    # "Age/Sex: 95/F", "93 / M"
    _p("AGE", first=r"[19]", flags=0,
       pattern=rf"(?<![\w.,/:+-]){_OLD}[ \t]?/[ \t]?(?:[MF]|male|female)(?![\w/])", group=1),
    # "who is 93.", "she turned 101 and lives alone"
    _p("AGE", triggers=(" is ", " was ", "turn", " now "), first="[a-z]",
       pattern=rf"\b(?:{_PERSON})[ \t]+(?:is|was|turned|turns|will[ \t]+be|now)[ \t]+"
       rf"(?:now[ \t]+)?{_OLD}(?=[ \t]*(?:$|[;)\n]|[.,](?!\d)|and\b|today\b|next\b|last\b))",
       group=1),
    # "her grandmother (97)", "wife (91)"
    _p("AGE", first="[a-z]", triggers=("(",),
       pattern=rf"\b(?:{_PERSON})[ \t]*\([ \t]*(?:age[ \t:]*)?{_OLD}[ \t]*\)", group=1),
    # "Pt Fiona Smith (91), POD 6", "Mrs. Okafor, 94, lives alone"
    _p("AGE", first="[MmPp]", flags=0,
       pattern=r"\b(?:[Mm]rs?|M[sx]|[Pp]t|[Pp]atient)\.?[ \t]+(?:[A-Z][a-z][\w'-]*[ \t]+){0,2}"
       r"[A-Z][a-z][\w'-]*[ \t]*(?:\([ \t]*|,[ \t]*)(9\d|1[01]\d)(?=[ \t]*(?:\)|,|[ \t](?:and|"
       r"with|who|is|was|lives|presents|presented)\b))", group=1),
    # "female, 91, from home", "a man, 94."
    _p("AGE", first="[fmwlg]", triggers=("male", "man", "lady"),
       pattern=rf"\b(?:female|male|woman|man|lady|gentleman)[ \t]*,[ \t]*{_OLD}"
       r"(?=[ \t]*(?:$|[,;)\n]|\.(?!\d)))", group=1),
    # "in her 90s", "in his late nineties", "in her 100s"
    _p("AGE", triggers=("0s", "nineties"), first="i", check=_decade_ok,
       pattern=r"\bin[ \t]+(?:her|his|their)[ \t]+(?:(?:early|mid|late)[ \t-]*)?"
       r"((?:9|10|11)0['\u2019]?s|nineties)\b", group=1),
]
