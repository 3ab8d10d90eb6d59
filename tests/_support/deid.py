"""Shared by the de-identification rule tests: is a word of a sentence covered by a span?"""

from __future__ import annotations

from meddx.deid import Deidentifier


def covered(deid: Deidentifier, text: str, word: str, label: str | None = None) -> bool:
    """Whether a detected span covers the first occurrence of ``word`` in ``text`` (with
    ``label``, when given)."""
    i = text.index(word)
    return any(s.start <= i and i + len(word) <= s.end and (label is None or s.label == label)
               for s in deid.detect(text))
