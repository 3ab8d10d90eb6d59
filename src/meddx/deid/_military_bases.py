"""Military bases written in capitals (typed LOCATION).

The mixed-case base rule (``_org_places``) reads "Fort Bragg", "Joint Base Lewis-McChord",
"Ramstein Air Base"; ALL CAPS notes write "STATIONED AT JOINT BASE LEWIS-MCCHORD",
"FROM FT. HOOD", "PEASE AIR NATIONAL GUARD BASE", "WRIGHT-PATTERSON AFB", "NAS JACKSONVILLE",
"MARINE CORPS AIR STATION MIRAMAR". The base's own name must hold a word that is no common or
clinical word ("FORT" itself is no word of notes: "FORT HOOD"); the leading function words of a
name before the base words are dropped ("NOW AT PEASE AIR NATIONAL GUARD BASE"). "BASE
EXCESS", "BASELINE", "CAMP OUT", "5 FT TALL", "AIR BASE" alone stay.
"""

from __future__ import annotations

import re

from meddx.deid._ascii import ascii_for
from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["military_base_spans"]

_NAME = r"[A-Z][A-Z'-]+(?:[ \t][A-Z][A-Z'-]+)?"
_BASES = re.compile(
    r"\b(?:FORT|FT\.?|CAMP|JOINT[ \t]BASE|NAVAL[ \t](?:AIR[ \t])?STATION|NAS|MARINE[ \t]CORPS[ \t]"
    r"(?:BASE|AIR[ \t]STATION)|AIR[ \t]FORCE[ \t]BASE)[ \t]+(?P<name>" + _NAME + r")\b(?![a-z])"
    r"|\b(?P<name2>" + _NAME + r")[ \t]+(?:AIR[ \t](?:FORCE[ \t]|NATIONAL[ \t]GUARD[ \t])?BASE|AFB|"
    r"ARMY[ \t]AIRFIELD|NAVAL[ \t](?:AIR[ \t])?STATION)\b")
_GATE = ("FORT", "FT", "CAMP", "BASE", "STATION", "AFB", "NAS ", "AIRFIELD")


def military_base_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the bases of the module docstring."""
    if not any(k in text for k in _GATE):
        return []
    out: list[Span] = []
    for m in ascii_for(_BASES, text).finditer(text):
        if m.group("name") is not None:
            words = [w.lower() for w in re.split(r"[ \t-]+", m.group("name")) if w]
            if not m.group().startswith("FORT ") and all(w in lex.common_words or lex.is_medical(w)
                                                         for w in words):
                continue  # "FORT HOOD" is a base; "CAMP OUT", "FT TALL" are not
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
            continue
        parts = list(re.finditer(r"\S+", m.group("name2")))
        while parts and parts[0].group().lower() in FUNCTION_WORDS:
            parts.pop(0)  # "NOW AT PEASE AIR NATIONAL GUARD BASE"
        tail = text[m.end("name2"):m.end()]
        specific = any(k in tail for k in ("FORCE", "GUARD", "NAVAL", "ARMY"))  # a word like "PEASE" is fine
        if parts and not any(lex.is_medical(p.group().lower()) for p in parts) and (specific or not all(
                p.group().lower() in lex.common_words for p in parts)):
            out.append(Span(m.start("name2") + parts[0].start(), m.end(), "LOCATION", "places", 0.75))
    return out
