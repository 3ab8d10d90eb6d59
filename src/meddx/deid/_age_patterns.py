"""Ages over 89 written with a cue: "91 yo", "age 93", "a 90 F", "HPI: 91M", "ninety-two
years old" (split from ``_patterns.py`` in session 22, unchanged; ages without a cue:
``_ages``, ``_age_words``, ``_age_milestones``)."""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["AGE_PATTERNS"]

_p = make_pattern


_TEMP_BEFORE = re.compile(r"(?:\bt|temp|tmax|tm|temperature|febrile|fever)[\s:=]*(?:of\s*)?$", re.IGNORECASE)


# "100 years ago", "92 years later": a span of time, not an age.
_YEARS_AGO_AFTER = re.compile(r"\s?-?\s?years?\s+(?:ago|later|earlier|prior|before|after)\b",
                              re.IGNORECASE)


def _age_ok(m: re.Match[str], text: str) -> bool:
    return not (_TEMP_BEFORE.search(text[max(0, m.start() - 14):m.start()])
                or _YEARS_AGO_AFTER.match(text, m.end()))


# --- ages over 89 -----------------------------------------------------------------------
_AGE_NUM = r"(9\d|1[01]\d)"
AGE_PATTERNS: list[Pattern] = [
    _p("AGE", _AGE_NUM + r"(?=\s?-?\s?(?:yo\b|y/o|y\.o\b|yr|yrs\b|years?\b|year-old|-year|"
       r"y\s?o\b|yo[mf]\b))", group=1, check=_age_ok),
    _p("AGE", r"\b(?:age|aged|age:|ages)\s*(?:of\s*)?" + _AGE_NUM + r"\b", group=1,
       triggers=("age",)),
    _p("AGE", first="[aipt19]",
       pattern=r"(?:^|\b(?:a|an|is|pt|patient|this|the)\s+)" + _AGE_NUM + r"\s?[MF]\b", group=1,
       check=_age_ok, flags=re.MULTILINE),
    # "HPI: 91M w/ CHF", "0148 91F BIBA": an age and sex written together, no cue needed
    _p("AGE", first=r"[19]",
       pattern=r"(?<![\w.,/:+-])(9\d|1[01]\d)[ \t]?(?:[MF]|yo[mf]?|y/o)(?![\w/-])", group=1,
       check=_age_ok, flags=0),
    _p("AGE", r"\b(ninety(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|"
       r"one hundred(?:[-\s](?:and[-\s])?\w+)?)(?=[-\s]years?[-\s]old)", group=1,
       triggers=("ninety", "hundred")),
]
