"""The reader's code after an ECG confirmer (typed ID).

ECG machines print the confirming reader with a numeric user code in brackets:
"Confirmed by HALVERSON, NILS MD (2231) on 3/15/2024", "Confirmed by Lasalle, MD (1187)",
"Confirmed By: SMITH, JOHN (40)". The code identifies a person, so it is an ID. Only the
bracketed digits right after the confirmer's name are taken: "confirmed by echo (2 views)",
"confirmed by CT (3/15)" stay (the bracket holds more than digits).
"""

from __future__ import annotations

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["CONFIRMER_ID_PATTERNS"]

CONFIRMER_ID_PATTERNS: list[Pattern] = [
    make_pattern("ID", r"\bconfirmed[ \t]+by:?[ \t]+[a-z][a-z ,.'-]{1,60}?[ \t]*\((\d{2,6})\)",
                 group=1, triggers=("confirmed by",)),
]
