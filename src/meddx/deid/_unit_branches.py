"""Dialysis units and swing-bed hospitals named by a chain and its branch (session 29).

A dialysis unit is a chain and its branch ("DaVita Fresh Pond", "Fresenius Kidney Care Odessa",
"US Renal Care"), and a small hospital's swing bed is a town and "community" ("Pender Community
swing bed"); in mixed case the capitals carry the branch, in a line typed all lower case only
the chain's name was read ("davita" of "goes to davita fresh pond m/w/f", "fresenius" of
"fresenius kidney care odessa mwf", "pender" of "pender community swing bed"). The readable
groups show the class in 22V, 25A, 25B, 27B and 28C. Here (HOSPITAL, any case):

* a dialysis chain ("davita", "fresenius" with "kidney care" / "medical care", "us renal care",
  "american renal", "satellite healthcare", "innovative renal care"; not "dci", delayed
  cerebral ischemia in a SAH note) and up to three branch words that end at a stop, a comma, a
  bracket, a schedule ("mwf", "m/w/f", "tth", "tues/thurs/sat") or a clause word ("for", "on",
  "since", "normally", "and"); no branch word is a function, clinical, schedule or time word
  ("davita on mwf", "fresenius kidney care today", "davita dialysis": the chain alone, as
  before);
* "us renal care" alone;
* a word that is no function, clinical or generic word, then "community" before "swing bed"
  ("ogallala community swing bed"; "the community swing bed" stays).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["unit_branch_spans"]

_CHAIN = re.compile(
    r"(?i)\b(?:davita|fresenius(?:[ \t]+(?:kidney|medical)[ \t]+care)?|us[ \t]+renal[ \t]+care|"
    r"american[ \t]+renal(?:[ \t]+associates)?|satellite[ \t]+healthcare|innovative[ \t]+renal"
    r"[ \t]+care)\b")
_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'-]*)")
_SCHEDULE = re.compile(r"(?i)(?:m/?w/?f|t/?th(?:/?s(?:at)?)?|tts|mwf|tu/th/sa|mon|tues?|wed|thurs?|fri|"
                       r"sat)\b")
_END = re.compile(r"[ \t]*(?:[.,;:)(\n?!]|[-\u2013\u2014][ \t]|$|(?i:for|on|since|normally|and|in|at|"
                  r"per|who|which|where|but|so|x[ \t]*\d|q[ \t]*(?:mwf|tts)|3x|three)\b)")
_TIMES = frozenset("today tonight tomorrow yesterday am pm morning evening schedule chair unit "
                   "center clinic dialysis hd pd staff nurse social worker called".split())
_SWING = re.compile(r"(?i)\b([a-z][a-z'-]+)[ \t]+community(?=[ \t]+swing[ \t]+bed)")
_NOT_TOWN = frozenset("the a an our their his her local same small rural critical access".split())


def _branch_ok(k: str, lex: Lexicon) -> bool:
    return not (k in FUNCTION_WORDS or k in _TIMES or _SCHEDULE.fullmatch(k) is not None
                or (len(k) > 1 and lex.is_medical(k)))


def unit_branch_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the units of the module docstring."""
    low = text.lower()
    out: list[Span] = []
    if "davita" in low or "fresenius" in low or "renal" in low or "satellite" in low:
        for m in _CHAIN.finditer(text):
            end, at = m.end(), m.end()
            for _ in range(3):
                w = _WORD.match(text, at)
                if w is None or not _branch_ok(w.group(1).lower(), lex):
                    break
                at = w.end()
                if _END.match(text, at) or _SCHEDULE.match(text, at + 1):
                    end = at
                    break
            if end > m.end() or m.group(0).lower().startswith("us"):
                out.append(Span(m.start(), end, "HOSPITAL", "places", 0.75))
    if "swing" in low:
        for m in _SWING.finditer(text):
            k = m.group(1).lower()
            if k not in _NOT_TOWN and k not in FUNCTION_WORDS and not lex.is_medical(k):
                out.append(Span(m.start(1), m.end(), "HOSPITAL", "places", 0.75))
    return out
