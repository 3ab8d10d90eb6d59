"""Offsets of explained words in the text the client sent.

The model and the explainer see the de-identified note; the response must point into the note
as sent, whose PHI may be longer or shorter than what replaced it ("03/14/2024" -> "[DATE]").
De-identification only replaces spans and leaves the rest as it was, so aligning the two texts
(``difflib``, without its junk heuristic) recovers the spans: the text between them is equal,
character for character, and maps one to one.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher
from typing import Any

__all__ = ["to_client_offsets"]


def to_client_offsets(original: str, deidentified: str,
                      tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``tokens`` (``start``/``end`` into ``deidentified``) with offsets into ``original``.
    Words that lie in a replaced span (a placeholder such as "DATE", a surrogate name) are
    left out: they are not in the client's text. Unchanged when nothing was replaced."""
    if original == deidentified:
        return tokens
    blocks = [b for b in SequenceMatcher(None, original, deidentified, autojunk=False)
              .get_matching_blocks() if b.size]
    starts = [b.b for b in blocks]
    out = []
    for t in tokens:
        start, end = int(t["start"]), int(t["end"])
        i = bisect_right(starts, start) - 1
        if i < 0 or end > blocks[i].b + blocks[i].size:  # not inside one unchanged stretch
            continue
        shift = blocks[i].a - blocks[i].b
        mapped = {**t, "start": start + shift, "end": end + shift}
        if original[mapped["start"]:mapped["end"]] == deidentified[start:end]:
            out.append(mapped)
    return out
