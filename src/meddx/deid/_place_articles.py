"""A capitalised article before a place's name belongs to the name (session 21, deidleft21).

"a line cook at The Copper Kettle", "moved into The Arbors", "THE WILLOWS": a writer who gives
"The" its capital makes it part of the name, and the annotation policy marks it with the name
(8 of 9 such places on the training sets). The place rules find the words after it; this
pass adds "The" / "THE" (never a lower-case "the", which is the sentence's article) right
before a LOCATION span that starts with a capital. Facility names (HOSPITAL: "The Gardens at Elm
Ridge") keep the spans the facility rules give them.
"""

from __future__ import annotations

from meddx.deid._span import Span

__all__ = ["article_spans"]

_ARTICLES = ("The ", "THE ")


def article_spans(text: str, spans: list[Span]) -> list[Span]:
    """A span over "The " and the place span after it, for each such place span."""
    out = []
    for s in spans:
        if s.label != "LOCATION" or s.start < 4 or not text[s.start].isupper():
            continue
        at = s.start - 4
        if text[at:s.start] in _ARTICLES and (at == 0 or not text[at - 1].isalnum()):
            out.append(Span(at, s.end, s.label, s.source, s.score))
    return out
