"""Health insurers named by the Blue Cross / Blue Shield family or as a "Mutual" (LOCATION).

"Premera Blue Cross", "Blue Cross Blue Shield of Massachusetts", "BCBS of North Carolina",
"bcbs of nc", "Anthem Blue Cross", "Independence Blue Cross PPO", "Florida Blue" is not covered
(no anchor), "Medical Mutual of Ohio", "Mutual of Omaha". The name runs from up to two
capitalised words before the anchor to "of" and one to three words after it (a state is part
of an insurer's name here), then plan words ("PPO", "HMO"; not "Medicare Advantage", a
program). "blue cross" in lower
case needs "of" or a word before it; "mutual aid", "mutually agreed" stay.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["INSURER_KEYS", "insurer_spans"]

#: Token keys of the anchors: a note without one skips the scans.
INSURER_KEYS = frozenset(("blue", "bcbs", "mutual"))
_CAP = r"(?:[A-Z][A-Za-z'&-]+|[A-Z]{2,})"
_OF = r"(?:[ \t]+(?i:of)[ \t]+(?P<area>" + _CAP + r"(?:[ \t]+" + _CAP + r"){0,2}|[a-z]{2}\b))?"
_PLAN = r"(?:[ \t]+(?:PPO|HMO|EPO|POS|Federal|FEP|Plan|PLAN))*"
_BLUE = re.compile(
    r"(?P<pre>(?:" + _CAP + r"[ \t]+){0,2})"
    r"(?P<anchor>(?i:blue[ \t]+cross(?:[ \t]*(?:(?:and|&|/)[ \t]*)?blue[ \t]+shield)?"
    r"|blue[ \t]+shield|bcbs))\b"
    + _OF + _PLAN
)
_MUTUAL = re.compile(
    r"(?P<pre>(?:" + _CAP + r"[ \t]+){1,2})(?P<anchor>Mutual|MUTUAL)\b" + _OF + _PLAN
    + r"|\b(?P<anchor2>Mutual|MUTUAL)[ \t]+(?:of|OF)[ \t]+(?P<area2>" + _CAP + r"(?:[ \t]+" + _CAP + r")?)"
)
#: Words that may stand before the anchor but are no part of the insurer's name.
_NOT_PRE = frozenset("insurance ins plan coverage covered has with through thru via by from and or the "
                     "her his their pt patient primary secondary member is was".split())


def _start(m: re.Match[str], lex: Lexicon, medical_ok: bool) -> int:
    words = (m.group("pre") or "").split()
    while words and (words[0].lower() in _NOT_PRE or words[0].lower() in FUNCTION_WORDS
                     or not medical_ok and lex.is_medical(words[0].lower(), abbreviations=False)):
        words.pop(0)
    return m.start("anchor") - (len(" ".join(words)) + 1 if words else 0)


def insurer_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the insurers of the module docstring."""
    out: list[Span] = []
    low = text.lower()
    if "blue cross" in low or "blue shield" in low or "bcbs" in low:
        for m in _BLUE.finditer(text):
            if m.group("anchor").islower():  # lower case: "bcbs of nc"; "blue cross" alone stays
                if m.group("area") is not None:
                    out.append(Span(m.start("anchor"), m.end(), "LOCATION", "places", 0.75))
                continue
            start = _start(m, lex, medical_ok=False)
            out.append(Span(start, m.end(), "LOCATION", "places", 0.75))
    if "mutual" in low:
        for m in _MUTUAL.finditer(text):
            if m.group("anchor2") is not None:
                out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
                continue
            start = _start(m, lex, medical_ok=True)  # "Medical Mutual"
            if start == m.start("anchor"):
                continue  # no name word before "Mutual"
            out.append(Span(start, m.end(), "LOCATION", "places", 0.75))
    return out
