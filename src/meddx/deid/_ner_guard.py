"""The precision guard on spans predicted by the ``ner`` detector.

A tagger trained on synthetic notes over-fires on words that sit where PHI usually sits:
medical words after "pt has", numbers after "age", state codes after a city. A predicted
span is dropped when its text cannot be PHI of its label:

* NAME, LOCATION, HOSPITAL made only of medical allow-list words ("Foley", "Lasix"), or only
  of common English words that are in no name list ("machinist", "brother"), or a US state
  (a state is not a Safe Harbor identifier);
* DATE that is a bare number of one to three digits ("6", "79"), or a month/day shape the
  rules' fraction, range and vent guards reject ("5/5 strength", "1-2 tabs", "GCS 3-15",
  "PSV 10/5"); any DATE inside a lab or vent string ("ABG 7.43/41/76/28", "12/10/40%",
  "A/C 700x12", "K 3.4") or after a vital-sign, vent or lab word; a four-digit number that
  is no year 1900-2039, or comes before a unit ("2000 mL"); a DATE with no digit that
  names no month ("afebrile", "rhonchi"). Times of day are dropped by the Deidentifier;
* the number-bearing labels (phone, fax, SSN, MRN, account, health plan, device, plate, ZIP,
  IP, age) without any digit; a PHONE or FAX of fewer than seven digits without an extension
  or pager cue before it ("ext 4417", "pgr 5-1234"; "spoke at 0140" is a time); EMAIL
  without "@";
* a DATE of two numbers with a three-digit side ("20/200", "120/80"). DATE spans that run
  on into a time ("04/22/26 22:10") are cut first (``_ner_trim``).
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["allowed"]

_GUARDED = frozenset({"NAME", "LOCATION", "HOSPITAL"})
_DIGIT_LABELS = frozenset({"PHONE", "FAX", "SSN", "MRN", "ACCOUNT", "HEALTHPLAN", "DEVICE",
                           "PLATE", "ZIP", "IP", "AGE"})
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_SMALL_NUMBER = re.compile(r"\d{1,3}")
_MONTH_DAY = re.compile(r"(\d{1,2})([-/])(\d{1,2})")
_THREE_DIGIT_PAIR = re.compile(r"\d{1,3}[-/]\d{3}|\d{3}[-/]\d{1,3}")  # "20/200", "120/80"
# what comes before an extension or pager number ("ext 4417", "x2231", "pgr 5-1234", "p# 31",
# "spectralink 4-4417", "paged at 5-2231"); a bare four digits is a time ("spoke at 0140")
_SHORT_PHONE_CUE = re.compile(
    r"(?:\bext\b\.?|\bx|\bpager|\bpgr|\bbeeper|\bp#|#|\bspectralink|\bvocera|\bcallback|"
    r"\bpaged?(?:\s+(?:at|via))?|\bcall(?:\s+\w{1,8})?|\bphone|\btel|\bcell|\bext\.)[\s:.#/-]*$",
    re.IGNORECASE)


def _name_like_ok(text: str, span: Span) -> bool:
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    value = text[span.start:span.end]
    words = _WORDS.findall(value)
    if not words:
        return False
    if value.strip(" ,.").lower() in lex.states:
        return False
    if all(lex.is_medical(w) for w in words):
        return False
    lows = [w.lower().strip("'\u2019") for w in words]
    return not all(w in lex.common_words and w not in lex.first_names and w not in lex.last_names
                   for w in lows)


# The whole token around a span: "7.43/41/76/28", "12/10/40%", "700x12".
_TOKEN_CHARS = frozenset("0123456789./%xX-:")
_LAB_TOKEN = re.compile(r"\d+\.\d+/\S*|\S*/\d+\.\d+|(?:\d+/){3,}\d+%?|\S*\d%|\d+[xX]\d+|"
                        r"\d+\.\d+")
_MONTH_WORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|christmas|thanksgiving|easter|"
    r"new year'?s)\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\d{4}")
_UNIT_AFTER = re.compile(r"\s*(?:ml|cc|mg|mcg|g|kg|l|units?|u|iu|meq|kcal|%)\b", re.IGNORECASE)


def _token_around(text: str, span: Span) -> str:
    start, end = span.start, span.end
    while start > 0 and text[start - 1] in _TOKEN_CHARS:
        start -= 1
    while end < len(text) and text[end] in _TOKEN_CHARS:
        end += 1
    return text[start:end].strip(".-:")


def _date_ok(text: str, span: Span) -> bool:
    value = text[span.start:span.end]
    if _SMALL_NUMBER.fullmatch(value):
        return False
    if not any(c.isdigit() for c in value):
        return bool(_MONTH_WORD.search(value))  # "afebrile", "rhonchi" are no dates
    if _LAB_TOKEN.fullmatch(_token_around(text, span)):
        return False  # a blood gas, vent setting, percentage, volume x rate or lab value
    from meddx.deid._patterns import MEASURE_BEFORE

    if MEASURE_BEFORE.search(text[max(0, span.start - 14):span.start]):
        return False
    if _YEAR_ONLY.fullmatch(value):
        return "1900" <= value <= "2039" and not _UNIT_AFTER.match(text, span.end)
    if _THREE_DIGIT_PAIR.fullmatch(value):
        return False  # a visual acuity, blood pressure or score, never a month and day
    m = _MONTH_DAY.fullmatch(value)
    if m is None:
        return True
    from meddx.deid._patterns import _hyphen_day_ok, _month_day_ok

    if not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(3)) <= 31):
        return False
    # the rules' guards read groups 1 and 2 as month and day, on the whole text
    shaped = re.compile(r"(\d{1,2})[-/](\d{1,2})").match(text, span.start, span.end)
    if shaped is None:
        return False
    return _month_day_ok(shaped, text) if m.group(2) == "/" else _hyphen_day_ok(shaped, text)


def allowed(text: str, span: Span) -> bool:
    """False for a predicted span whose text cannot be PHI of its label (module docstring)."""
    if span.label in _GUARDED:
        return _name_like_ok(text, span)
    if span.label == "DATE":
        return _date_ok(text, span)
    value = text[span.start:span.end]
    if span.label in _DIGIT_LABELS:
        digits = sum(c.isdigit() for c in value)
        if span.label in ("PHONE", "FAX") and 0 < digits < 7:
            return value[:1] in "xX" or _SHORT_PHONE_CUE.search(
                text, max(0, span.start - 16), span.start) is not None
        return digits > 0
    if span.label == "EMAIL":
        return "@" in value
    return True
