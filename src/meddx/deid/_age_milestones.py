"""Ages over 89 that the other age modules leave out, each beside a rare cue:

* a birthday or a turn of age after a person: "she turns 99 on", "Mom is turning 100",
  "her 100th birthday" (never "turned 90 degrees", "the dial turned 90 on");
* "y-o" with hyphens: "92-y-o", "95-y.o.";
* an age spelled out after "age"/"aged": "age ninety-two", "aged one hundred and one".

Only the number is the span, as the annotation policy marks it.
"""

from __future__ import annotations

import re

from meddx.deid._ages import _OLD, _PERSON
from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["MILESTONE_AGE_PATTERNS"]

_p = make_pattern
_UNITS = r"one|two|three|four|five|six|seven|eight|nine"
_SPELLED_OLD = (rf"ninety(?:[- ](?:{_UNITS}))?|one[ \t]+hundred(?:[ \t]+(?:and[ \t]+)?"
                rf"(?:{_UNITS}|ten))?")

# A person just before the verb: "she turns 99", "Mom will turn 100", "pt just turned 95".
_PERSON_BEFORE = re.compile(rf"\b(?:{_PERSON}|mom|dad)[ \t]+(?:(?:will|just|recently|soon|is|was)[ \t]+)?$",
                            re.IGNORECASE)


def _person_turns(m: re.Match[str], text: str) -> bool:
    """"she turns 99 on"; not "the dial turned 90 on" (no person before the verb)."""
    return bool(_PERSON_BEFORE.search(text, max(0, m.start() - 30), m.start()))


MILESTONE_AGE_PATTERNS: list[Pattern] = [
    # "turns 99 on", "turning 100 next week", "will turn 95"; not "turned 90 degrees"
    _p("AGE", first="t", triggers=("turn",), group=1, check=_person_turns,
       pattern=rf"\bturn(?:s|ed|ing)?[ \t]+{_OLD}(?![\w.%/\u00b0-]|[ \t]*(?:deg|degrees?|\u00b0|x\b))"),
    # "her 100th birthday", "95th bday"
    _p("AGE", first=r"\d", triggers=("birthday", "bday", "b-day"), group=1,
       pattern=rf"\b{_OLD}(?:st|nd|rd|th)[ \t]+(?:birthday|bday|b-day)\b"),
    # "92-y-o", "95-y.o."
    _p("AGE", first=r"\d", triggers=("-y",), group=1,
       pattern=rf"\b{_OLD}[ \t]*-[ \t]*y[ \t]*[-.][ \t]*o\b"),
    # "age ninety-two", "aged one hundred and one"
    _p("AGE", first="a", triggers=("age",), group=1,
       pattern=rf"\bage[ds]?[ \t:]+({_SPELLED_OLD})(?![\w-]|[ \t]+(?:days?|weeks?|months?|"
       r"hours?|minutes?|mins?|seconds?)\b)"),
]
