"""Report, tag and event numbers written "#" then letters, a hyphen and digits (session 29).

New writers number a safety report, a biomed tag or a reaction form with a short letter prefix:
"SAFETY EVENT REPORT FILED (#SE-40718)", "BIOMED TAG # BM-40772", "reaction # TR-0914"; the
ID rules want a cue word right before the number or a longer layout. Session 28's readable
groups show the class in three of nine groups. Here "#" (a space allowed), one to four letters,
a hyphen and four to eight digits, then no letter, digit, hyphen or slash, are an ID; not a
drug's lot ("lot # AB-1234": no patient's number), a room or a bed ("#RM-1204"), nor a code of
fewer digits ("#MS-4", "# T-12").
"""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern

__all__ = ["TAG_ID_PATTERNS"]

_NOT_IDS = re.compile(r"\b(?:lot|ndc|rx|room|rm|bed|gauge)[ \t:]*$")


def _tag_id(m: re.Match[str], text: str) -> bool:
    """Not a lot, a drug's code, a room or a bed (the module docstring)."""
    head = text[max(0, m.start() - 12):m.start()].lower()
    return m.group(2).lower() not in ("rm", "bed", "lot", "ndc") and _NOT_IDS.search(head) is None


TAG_ID_PATTERNS: list[Pattern] = [
    make_pattern("ID", first="#", group=1, check=_tag_id, triggers=("#",),
                 pattern=r"#[ \t]?(([a-z]{1,4})-\d{4,8})(?![\w/-]|\.\d)"),
]
