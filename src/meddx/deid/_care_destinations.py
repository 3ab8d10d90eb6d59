"""Facilities named where a patient is sent, admitted or treated (HOSPITAL), without a facility
word: "send to Penn Highlands Clarion ED", "one prior hospitalization at Miller-Dwan", "CBAT
BED AT ARBOUR HRI", "admitted to Hollister Bay for psychosis", and systems ending in a network
word: "Baltimore Medical System", "Riverside Health Network".

* **Before an emergency department**: one to three capitalised words (or words in capitals)
  after "to", "at" or "from" and before "ED", "ER", "Emergency Department", "Emergency Room".
* **After an admission cue** ("hospitalization at", "hospitalized at", "admitted to",
  "admission to", "inpatient at", "inpt at", "bed at", "detox at"): one to three capitalised
  words ending the clause (or before "for", "after", "in", "on", "x", "vs", "with").
* **A system or network**: capitalised words, "Medical", "Health" or "Healthcare", then
  "System", "Network", "Group" or "Alliance".
In each, one word must be no common, clinical or function word: "admitted to Medicine",
"bed at Home", "send to the ED", "BEHAVIORAL HEALTH NETWORK" stay.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, tokenize

__all__ = ["CARE_DESTINATION_KEYS", "care_destination_spans"]

_W = r"(?:[A-Z][A-Za-z'\u2019]*(?:-[A-Z][A-Za-z'\u2019]*)*|[A-Z]{2,}(?:-[A-Z]+)*)"
_RUN = r"(?P<name>" + _W + r"(?:[ \t]+" + _W + r"){0,2})"
#: Read back from an emergency-department word: the cue and the name before it.
_ED_BEFORE = re.compile(r"\b(?i:to|at|from)[ \t]+" + _RUN + r"[ \t]+$")
_ED_AT = re.compile(r"(?:ED|ER|E\.D\.|Emergency[ \t]+(?:Department|Dept|Room)"
                    r"|EMERGENCY[ \t]+(?:DEPARTMENT|ROOM))\b")
#: Matched right after an admission cue word.
_ADMIT_AFTER = re.compile(
    r"[ \t]+(?i:at|to)[ \t]+" + _RUN
    + r"(?=[ \t]*(?:[.,;:)(\n]|$|(?i:for|after|in|on|x|vs|with|from|until)\b))")
_SYSTEM = re.compile(
    r"(?<![\w'-])" + _RUN + r"[ \t]+(?:Medical|Health|Healthcare|MEDICAL|HEALTH|HEALTHCARE)[ \t]+"
    r"(?:System|Network|Group|Alliance|SYSTEM|NETWORK|GROUP|ALLIANCE)\b")
#: Token keys that the rules need: a note without one skips them.
CARE_DESTINATION_KEYS = frozenset(
    "ed er emergency hospitalization hospitalizations hospitalisation hospitalized hospitalised "
    "admitted admission admissions inpatient inpt bed detox system network group alliance".split())
_PART = re.compile(r"\S+")
_EMERGENCY = frozenset(("ed", "er", "emergency"))
_ADMIT_KEYS = CARE_DESTINATION_KEYS - _EMERGENCY - frozenset(("system", "network", "group", "alliance"))


def _named(name: str, lex: Lexicon) -> bool:
    """A name with a word that is no common, clinical, function word or month."""
    words = [w.lower() for w in re.split(r"[ \t-]+", name) if w]
    if not words or words[0] in FUNCTION_WORDS or words[0] == "the":
        return False
    return any(w not in lex.common_words and w not in FUNCTION_WORDS and w not in MONTHS
               and not lex.is_medical(w) and w not in lex.states for w in words)


def _state_lead(name: str, lex: Lexicon) -> int:
    """Characters of a state that opens a longer name: "California Kaiser Permanente"."""
    parts = list(_PART.finditer(name))
    for n in (2, 1):
        if len(parts) > n and " ".join(p.group() for p in parts[:n]).lower() in lex.states:
            return parts[n].start()
    return 0


def care_destination_spans(text: str, lex: Lexicon, keys: frozenset[str] | set[str]) -> list[Span]:
    """Spans of the facilities of the module docstring (``keys``: the note's token keys)."""
    out: list[Span] = []
    found: list[tuple[re.Match[str], bool]] = []
    if not keys.isdisjoint(_EMERGENCY) or not keys.isdisjoint(_ADMIT_KEYS):
        for t in tokenize(text):
            if t.key in _EMERGENCY and t.cap and _ED_AT.match(text, t.start):
                m = _ED_BEFORE.search(text, max(0, t.start - 64), t.start)
            elif t.key in _ADMIT_KEYS:
                m = _ADMIT_AFTER.match(text, t.end)
            else:
                continue
            if m is not None:
                found.append((m, False))
    if "system" in keys or "network" in keys or "group" in keys or "alliance" in keys:
        found += [(m, True) for m in _SYSTEM.finditer(text)]
    for m, system in found:
        if _named(m.group("name"), lex):
            start = m.start("name") + _state_lead(m.group("name"), lex)
            end = m.end() if system else m.end("name")
            out.append(Span(start, end, "HOSPITAL", "places", 0.7))
    return out
