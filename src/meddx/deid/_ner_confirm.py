"""The guard on ``ner`` spans that no other detector confirms.

Most spans of the ``ner`` detector overlap a span of the rules, lists or crf ("confirmed"):
they can only widen or retype it (:mod:`meddx.deid._ner_labels`). A span that nothing else
found is where the tagger adds recall, and where its false positives are. Studied on the
training and development notes and the Medical Abstracts (session 13, branch deidner13;
``bench/deid_ner_guard_study.py``), they are mostly:

* low-probability spans: common words and study words typed LOCATION or HOSPITAL ("winters",
  "pleasant", "transfer center", "scala tympani", "major"), device and reagent codes typed MRN
  ("U46619", "9q34", "lot GH2291"), eponyms and drug words typed NAME ("Wilson", "Judkins",
  "carevue"). True unconfirmed names score high (nicknames, lower-case first names), true
  places and codes lower: a minimum mean tag probability per label
  (:data:`UNCONFIRMED_MIN_SCORE`);
* DATE spans that hold no day of a month: bare years and decades of study prose ("between 1971
  and 1987", "the 1990s"), shift hours ("0700-1930"), "+/- 14", "6 of 17". Whether a bare year
  is PHI is the rules' call (:mod:`meddx.deid._patterns_years`); an unconfirmed DATE must name
  a month or holiday, or hold a month/day shape ("3/14", "14.03.2026", "2026-03-14") or an
  ordinal day ("the 14th");
* shift hours typed PHONE or MRN ("1900-0730", "0800-1600"): two clock times with a hyphen.

A confirmed span, and a span of any other detector, is never touched.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from meddx.deid._ner_guard import _MONTH_WORD
from meddx.deid._span import Span

__all__ = ["NER_GUARDS", "UNCONFIRMED_MIN_SCORE", "confirm_ner", "unconfirmed_ok"]

#: The values of ``deid.ner_guard``: "on" runs :func:`confirm_ner` on every note, "off" keeps
#: every ``ner`` span.
NER_GUARDS = ("on", "off")

#: Minimum mean tag probability (``Span.score``) of an unconfirmed ``ner`` span, per label
#: ("*": every label not named).
UNCONFIRMED_MIN_SCORE: dict[str, float] = {"NAME": 0.7, "*": 0.6}
_NER_SOURCE = "ner"
_DAY_SHAPE = re.compile(
    r"(?<!\d)(?:\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2}(?:\d{2})?)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?!\d)|"
    r"\b\d{1,2}(?:st|nd|rd|th)\b", re.IGNORECASE)
_CLOCK = r"(?:(?:[01]\d|2[0-3])[0-5]\d|2400)"  # 0000-2359, and 2400 for midnight
_CLOCK_RANGE = re.compile(_CLOCK + r"\s*-\s*" + _CLOCK)


def unconfirmed_ok(text: str, span: Span, min_score: dict[str, float] | None = None) -> bool:
    """Whether an unconfirmed ``ner`` span is kept (module docstring)."""
    floors = UNCONFIRMED_MIN_SCORE if min_score is None else min_score
    if span.score < floors.get(span.label, floors.get("*", 0.0)):
        return False
    value = text[span.start:span.end]
    if _CLOCK_RANGE.fullmatch(value.strip()):
        return False
    if span.label == "DATE":
        return bool(_MONTH_WORD.search(value) or _DAY_SHAPE.search(value))
    return True


def confirm_ner(text: str, spans: list[Span], min_score: dict[str, float] | None = None
                ) -> list[Span]:
    """One note's spans (every detector's) without the unconfirmed ``ner`` spans that
    :func:`unconfirmed_ok` rejects."""
    if not any(s.source == _NER_SOURCE for s in spans):
        return spans
    others = sorted((s.start, s.end) for s in spans if s.source != _NER_SOURCE)
    starts = [a for a, _ in others]
    reach, far = [], -1  # reach[i]: the largest end among others[:i + 1]
    for _, end in others:
        far = max(far, end)
        reach.append(far)

    def confirmed(s: Span) -> bool:
        i = bisect_left(starts, s.end) - 1  # the last other span starting before s ends
        return i >= 0 and reach[i] > s.start

    return [s for s in spans if s.source != _NER_SOURCE or confirmed(s)
            or unconfirmed_ok(text, s, min_score)]
