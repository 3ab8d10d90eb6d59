"""Letter-case copies of annotated notes, for training the learned detectors (crf and ner)."""

from __future__ import annotations

__all__ = ["Note", "case_copies"]

#: an annotated note: its text and gold (start, end, type) spans
Note = tuple[str, list[tuple[int, int, str]]]


def case_copies(notes: list[Note]) -> list[Note]:
    """One copy of each note in another letter case, the same gold spans: ALL CAPS for the
    even notes, lower case for the odd ones (real ICU notes are often written so). A
    character whose other case has another length ("\u00df" -> "SS") stays, so offsets hold."""
    out: list[Note] = []
    for i, (text, spans) in enumerate(notes):
        fold = str.upper if i % 2 == 0 else str.lower
        folded = fold(text)
        if len(folded) != len(text):
            folded = "".join(c if len(fold(c)) != 1 else fold(c) for c in text)
        out.append((folded, spans))
    return out
