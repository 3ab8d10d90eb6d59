"""Blood product unit numbers (session 21, deidleft21).

A transfusion note copies the unit's donation identification number from its ISBT 128 label:
a letter and four digits (the collecting facility), two digits (the year) and six digits (the
donation), often printed in groups with a check character after them: "unit # W0392 26 104558 4",
"W039226104558", "w0392-26-104558". The number names one donation, so it is an identifier,
and its shape (13 characters in three groups) is one no clinical value has: it needs no cue.
The check character (one digit or letter standing alone) belongs to it: the cued record-number
rule stopped after the third group and left it.
"""

from __future__ import annotations

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["BLOOD_UNIT_PATTERNS"]

_SEP = r"[ \t-]?"
#: lower-case text (the pattern runs on the lower-cased note): a letter, 4 + 2 + 6 digits,
#: then an optional check character that stands alone
BLOOD_UNIT_PATTERNS: list[Pattern] = [
    make_pattern("ACCOUNT", first=r"[a-z]",
                 pattern=rf"(?<![\w-])[a-z]\d{{4}}{_SEP}\d{{2}}{_SEP}\d{{6}}"
                 rf"(?:[ \t-][0-9a-z](?![\w-]))?(?![\w-])"),
]
