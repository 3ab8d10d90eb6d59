"""Surnames from the longer census list (``_gazetteer``) after a talk or hand-off cue.

"d/w kowalski re plan", "per Haueisen, continue abx", "paged oyelaran", "Seen with Tidwell
today", "spoke w/ pennebaker", "notified QUATTLEBAUM", "Covering: Abernathy -> Szczepanik":
a surname among the 40,000 most frequent of the 1990 census that is no common English or
clinical word, first name or place, in any case (NAME). The cue is a literal word, so the rule
reads only the few words after one.

Look-alikes left alone: "per protocol", "d/w pharmacy", "paged ortho", "per Epic", "per CXR",
"called back", "seen with family" (common or clinical words, never in the set).
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._tokens import followed_by_head_noun

__all__ = ["gazetteer_names"]

_NAME = r"[A-Za-z][A-Za-z'\u2019-]{2,}"
_TALK = re.compile(
    r"(?<![\w/])(?i:d/w|discussed[ \t]+(?:w/|with)|spoke[ \t]+(?:w/|with|to)|seen[ \t]+(?:w/|with)|"
    r"per|paged|notified|covering:?|cross[ -]?cover(?:ed)?[ \t]+by|signed[ \t]+out[ \t]+to)"
    rf"[ \t]+(?P<a>{_NAME})(?:[ \t]*(?:->|-->|>|/|to)[ \t]*(?P<b>{_NAME}))?")


def gazetteer_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the surnames after talk cues (see the module docstring)."""
    out = []
    surnames = None
    for m in heads_finditer(_TALK, text, low):
        for g in ("a", "b"):
            word = m.group(g)
            if word is None:
                continue
            if surnames is None:
                surnames = gazetteer().surnames
            key = word.lower().rstrip("'\u2019")
            if key.endswith(("'s", "\u2019s")):
                key = key[:-2]
            if key in surnames and not followed_by_head_noun(text, m.end(g)):
                out.append((m.start(g), m.start(g) + len(key)))
    return out
