"""Cut a time of day, or the start of a measure, off the end of a DATE span of the ``ner`` tagger.

The tagger reads "04/22/26 22:10", "12/05/2025 0215" or "CEA 11/14 2.1" as one DATE run: the
word pieces of the date and of what follows it carry the same tag. Times of day are no PHI
(the Deidentifier drops DATE spans that are only a time, unless ``deid.times``), so the span
is cut at its last blank when the last word there is

* the hour of a clock time ("22" of "22:10", "8" of "8:04:19 AM"),
* a four-digit time 0000-2359 that is no year 1900-2039 ("0215", "0800"), or
* the whole part of a decimal ("2" of "2.1").

The date before the blank stays a DATE span; nothing else is changed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from meddx.deid._span import Span

__all__ = ["trim_date_tail"]

_TAIL = re.compile(r"\s+(\d{1,4})$")
_HHMM = re.compile(r"([01]\d|2[0-3])[0-5]\d")


def trim_date_tail(text: str, span: Span) -> Span:
    """``span`` without a time or measure after its last blank (module docstring)."""
    if span.label != "DATE":
        return span
    m = _TAIL.search(text, span.start, span.end)
    if m is None or m.start() == span.start:
        return span
    word, after = m.group(1), text[span.end:span.end + 2]
    clock = after[:1] == ":" and after[1:2].isdigit() and len(word) <= 2
    decimal = after[:1] == "." and after[1:2].isdigit()
    hhmm = _HHMM.fullmatch(word) is not None and not "1900" <= word <= "2039"
    if clock or decimal or hhmm:
        return replace(span, end=m.start())
    return span
