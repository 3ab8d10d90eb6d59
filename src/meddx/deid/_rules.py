"""The rules detector: regular expressions for structured identifiers.

Dates (``7/22``, ``07-22-2019``, ``2019-07-22``, ``22 Jul``, ``July 22nd``, ``'92``,
``on the 12th``, ``over Thanksgiving``, ``CXR5/15``;
times of day such as ``14:35``, ``2pm``, ``at 0800`` only with ``deid.times``), phone,
fax and pager numbers, e-mail, URL, IP, SSN, MRN, account and licence numbers, health-plan
ids, device and serial ids, licence plates, ZIP codes, street addresses and ages over 89.
Patterns live in ``_patterns*.py`` (identifiers: ``_patterns_ids``; phones, e-mail, web
addresses, ZIP codes, street addresses: ``_patterns_contact``) and ``_times.py``.
"""

from __future__ import annotations

import re
from typing import Any

from meddx.deid._age_milestones import MILESTONE_AGE_PATTERNS
from meddx.deid._age_patterns import AGE_PATTERNS
from meddx.deid._age_words import WORD_AGE_PATTERNS
from meddx.deid._ages import AGE_FORM_PATTERNS
from meddx.deid._ascii import ascii_twin, ascii_twin_ok
from meddx.deid._blood_units import BLOOD_UNIT_PATTERNS
from meddx.deid._confirmer_ids import CONFIRMER_ID_PATTERNS
from meddx.deid._date_forms import FORM_PATTERNS
from meddx.deid._date_ranges import RANGE_DATE_PATTERNS
from meddx.deid._date_variants import VARIANT_PATTERNS
from meddx.deid._detector import Detector, register_detector
from meddx.deid._device_years import DEVICE_YEAR_PATTERNS
from meddx.deid._event_years import EVENT_YEAR_PATTERNS
from meddx.deid._history_years import HISTORY_YEAR_PATTERNS
from meddx.deid._id_forms import EXTRA_ID_PATTERNS
from meddx.deid._life_years import LIFE_YEAR_PATTERNS
from meddx.deid._literal_heads import LiteralHeads, digit_firsts, digit_led, literal_heads, match_from
from meddx.deid._patterns import DATE_PATTERNS, Pattern
from meddx.deid._patterns_contact import ADDRESS_PATTERNS, CONTACT_PATTERNS, FAX_CUE, PHONE_PATTERNS
from meddx.deid._patterns_days import DAY_PATTERNS
from meddx.deid._patterns_ids import GENERIC_ID_PATTERNS, ID_PATTERNS, SSN_PATTERNS
from meddx.deid._patterns_years import YEAR_PATTERNS
from meddx.deid._rule_anchors import (
    anchor_for,
    at_word_starts,
    next_literal,
    not_after,
    not_before,
    with_follow,
    word_led,
)
from meddx.deid._span import Span
from meddx.deid._tag_ids import TAG_ID_PATTERNS
from meddx.deid._times import TIME_PATTERNS

__all__ = ["RulesDetector"]

_ALL: list[Pattern] = (DATE_PATTERNS + DAY_PATTERNS + YEAR_PATTERNS + AGE_PATTERNS
                       + FORM_PATTERNS + AGE_FORM_PATTERNS + CONTACT_PATTERNS + SSN_PATTERNS
                       + PHONE_PATTERNS + ID_PATTERNS + ADDRESS_PATTERNS + GENERIC_ID_PATTERNS
                       + EXTRA_ID_PATTERNS + HISTORY_YEAR_PATTERNS + VARIANT_PATTERNS
                       + MILESTONE_AGE_PATTERNS + CONFIRMER_ID_PATTERNS
                       + RANGE_DATE_PATTERNS + LIFE_YEAR_PATTERNS + WORD_AGE_PATTERNS
                       + BLOOD_UNIT_PATTERNS + EVENT_YEAR_PATTERNS + DEVICE_YEAR_PATTERNS
                       + TAG_ID_PATTERNS)

_DIGIT_START = re.compile(r"\b\d", re.ASCII)  # digit-token starts (ASCII notes)
_ALL_DIGITS = frozenset("0123456789")


@register_detector("rules")
class RulesDetector(Detector):
    """Regex rules with context guards for the structured PHI types. Times of day are
    tagged (as DATE) only with ``times=True`` (``deid.times``)."""

    def __init__(self, patterns: list[Pattern] | None = None, *, times: bool = False) -> None:
        if patterns is None:
            patterns = _ALL + TIME_PATTERNS if times else _ALL
        self.patterns = patterns
        self._ascii: list[re.Pattern[str]] | None = None  # their re.ASCII twins, when first used
        self._heads: list[LiteralHeads | None] = []  # the twins' literal heads (_literal_heads)
        self._digit: list[frozenset[str] | None] = []  # digit-led twins: the digits they start with
        self._anchor: list = []  # the twins' start finders (_rule_anchors), or None
        self._word_led: list[bool] = []  # literal-headed twins that start with \b (word_led)
        self._follow: list = []  # digit-led twins: a character each match holds near its start
        self._before: list = []  # digit-led twins: the characters no match has before it

    @classmethod
    def build(cls, *, times: bool = False, **_: Any) -> RulesDetector:
        return cls(times=times)

    def detect(self, text: str) -> list[Span]:
        spans: list[Span] = []
        low = text.lower()
        if len(low) != len(text):  # a few characters change length when lower-cased
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        present: dict[tuple[str, ...], bool] = {}  # several patterns share a trigger tuple
        if ascii_twin_ok(text):
            if self._ascii is None or len(self._ascii) != len(self.patterns):
                self._ascii = [ascii_twin(p.regex) for p in self.patterns]
            if len(self._heads) != len(self._ascii):
                self._heads = [literal_heads(r) for r in self._ascii]
                self._digit = [digit_firsts(r) if digit_led(r) else None for r in self._ascii]
                self._follow = [next_literal(r) if d is not None else None
                                for r, d in zip(self._ascii, self._digit, strict=True)]
                self._before = [not_before(r) if d is not None else None
                                for r, d in zip(self._ascii, self._digit, strict=True)]
                self._anchor = [anchor_for(r) for r in self._ascii]
                self._word_led = [h is not None and word_led(r, h.words)
                                  for r, h in zip(self._ascii, self._heads, strict=True)]
            regexes, heads, digit, anchor = self._ascii, self._heads, self._digit, self._anchor
            bounded, follows, befores = self._word_led, self._follow, self._before
        else:
            regexes, heads = [p.regex for p in self.patterns], [None] * len(self.patterns)
            digit = anchor = [None] * len(self.patterns)
            bounded = follows = befores = [False] * len(self.patterns)
        starts: dict[frozenset[str], list[int]] = {}  # the digit-token starts, by first digits
        found_heads: dict[tuple[tuple[str, ...], bool, bool], list[int]] = {}  # heads' positions
        followed: dict = {}  # digit-token starts with a pattern's character near them
        for pat, regex, head, led, starts_of, at_word, follow, before in zip(
                self.patterns, regexes, heads, digit, anchor, bounded, follows, befores, strict=True):
            triggers = pat.triggers
            if triggers:
                hit = present.get(triggers)
                if hit is None:
                    hit = present[triggers] = any(map(low.__contains__, triggers))
                if not hit:
                    continue
            string = low if pat.lower else text
            if led is not None:
                at = starts.get(led)
                if at is None:
                    every = starts.get(_ALL_DIGITS)
                    if every is None:
                        every = starts[_ALL_DIGITS] = [m.start() for m in _DIGIT_START.finditer(low)]
                    at = starts[led] = [p for p in every if low[p] in led]
                if follow or before:
                    key = (led, follow, before, string is low)
                    near = followed.get(key)
                    if near is None:
                        near = not_after(string, at, before) if before else at
                        near = followed[key] = with_follow(string, near, follow) if follow else near
                    at = near
                found = match_from(regex, string, at)
            elif starts_of is not None:
                found = match_from(regex, string, starts_of(string))
            elif head is None:
                found = regex.finditer(string)
            else:  # the month heads of several patterns are found once per note
                where = low if head.icase else string
                key = (head.words, where is low, at_word)
                at = found_heads.get(key)
                if at is None:
                    at = head.starts(where, at_word and where is low)
                    at = found_heads[key] = at_word_starts(where, at) if at_word else at
                found = match_from(regex, string, at)
            for m in found:
                start, end = m.span(pat.group)
                if start < 0 or end <= start:
                    continue
                if pat.check is not None and not pat.check(m, text):
                    continue
                label = pat.label
                if label == "PHONE" and FAX_CUE.search(text[max(0, start - 24):start]):
                    label = "FAX"
                spans.append(Span(start, end, label, self.name, 0.9))
        return spans
