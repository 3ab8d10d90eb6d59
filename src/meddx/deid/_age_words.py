"""Ages over 89 in words or in a person's own words, beside a rare cue (session 10,
deidmisc10):

* a spelled age before "y/o", "yo", "yr", "years" without "old": "ninety six y/o",
  "NINETY-TWO YO", "one hundred and one yr old" (``_patterns`` wants "year(s) old"); never
  the end of a range of ages in a study ("aged twenty to ninety-two years");
* a spelled age after "turned" / "turns" / "turning" and a person: "she turned ninety-six"
  (never "turned ninety degrees");
* a relative's age at death: "her mother lived to 104", "father died at 97", "passed away at
  age 93" (never "lived to tell", "died at 0930", "HR dropped to 97");
* the patient's own words: "I'm 90", "I am 93" (never "I'm 95% sure");
* a spelled age after a person and "is"/"was"/"turns": "she is ninety-six" (never "pt is
  ninety percent better");
* a bare "y" before the sex or a bracket: "90y F", "(94 y)" (never "T 98 y");
* header forms with a unit or the sex between: "Age (yrs): 92", "Sex/Age: F/93".

Only the number is the span, as the annotation policy marks it.
"""

from __future__ import annotations

import re

from meddx.deid._age_milestones import _UNITS, _person_turns
from meddx.deid._ages import _OLD, _not_temperature, _person_is_ok
from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["WORD_AGE_PATTERNS"]

_p = make_pattern
_SPELLED = (rf"ninety(?:[- ](?:{_UNITS}))?|one[ \t-]+hundred(?:[ \t-]+(?:and[ \t-]+)?"
            rf"(?:{_UNITS}|ten))?")
_NOT_AGE_AFTER = r"(?![\w%\u00b0]|\.\d|[ \t]*(?:%|percent|pounds?|lbs?|kg|mg|deg|degrees?|\u00b0|x\b|times))"

_RANGE_BEFORE = re.compile(r"(?:\b(?:to|through|thru|and|or|from|between)|[-\u2013])[ \t]*$", re.IGNORECASE)


def _not_range_end(m: re.Match[str], text: str) -> bool:
    """"ninety six y/o"; not the end of a range of ages ("aged twenty to ninety-two years")."""
    return not _RANGE_BEFORE.search(text, max(0, m.start() - 10), m.start())


WORD_AGE_PATTERNS: list[Pattern] = [
    # "ninety six y/o", "NINETY-TWO YO", "one hundred and one yr old"
    _p("AGE", first="[no]", triggers=("ninety", "hundred"), group=1, check=_not_range_end,
       pattern=rf"\b({_SPELLED})[ \t-]+(?:y/o|y\.o\.?|yo[mf]?|yrs?|years?)(?![\w/])"),
    # "she turned ninety-six"
    _p("AGE", first="t", triggers=("ninety", "hundred"), group=1, check=_person_turns,
       pattern=rf"\bturn(?:s|ed|ing)?[ \t]+({_SPELLED})(?![\w-]|[ \t]*(?:deg|degrees?|\u00b0))"),
    # "lived to 104", "died at 97", "passed away at age 93"
    _p("AGE", first="[ldp]", triggers=("lived to", "died at", "away at", "passed at"), group=1,
       pattern=r"\b(?:lived[ \t]+to(?:[ \t]+be)?|(?:died|passed(?:[ \t]+away)?)[ \t]+at"
       rf"(?:[ \t]+(?:the[ \t]+)?age(?:[ \t]+of)?)?)[ \t]+{_OLD}{_NOT_AGE_AFTER}"),
    # "she is ninety-six", "he was one hundred"
    _p("AGE", first="[no]", triggers=("ninety", "hundred"), check=_person_is_ok,
       pattern=rf"\b(?:{_SPELLED})(?![\w-]|[ \t]*(?:%|percent|degrees?|pounds?|lbs?|minutes?|mins?|"
       r"seconds?|days?|times|feet|ft|yards?|miles?|kg|mg)\b)"),
    # "90y F", "(94 y)"
    _p("AGE", first="[19]", triggers=("y",), group=1, check=_not_temperature,
       pattern=rf"(?<![\w.,/:+-]){_OLD}[ \t]?y(?:rs?)?\.?"
       r"(?=[ \t]*(?:\)|[mf]\b|(?:male|female|woman|man)\b))"),
    # "Age (yrs): 92", "Sex/Age: F/93"
    _p("AGE", first="a", triggers=("age",), group=1,
       pattern=r"\bage[ \t]*(?:\((?:yrs?|years)\)[ \t]*[:=#]?[ \t]*|[:=#]?[ \t]*[mf][ \t]*/[ \t]*)"
       + _OLD + _NOT_AGE_AFTER),
    # "I'm 90 and a half", "i am 93"
    _p("AGE", first="i", triggers=("i'm", "i am", "i\u2019m"), group=1,
       pattern=rf"\bi(?:['\u2019]m|[ \t]+am)[ \t]+(?:now[ \t]+|almost[ \t]+|nearly[ \t]+)?{_OLD}"
       + _NOT_AGE_AFTER),
]
