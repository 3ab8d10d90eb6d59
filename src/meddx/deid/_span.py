"""PHI spans, the PHI labels, and the merge policy that resolves overlapping detections.

Merge policy (favours recall: no character any detector flagged is ever left uncovered):

1. Spans of the **same label** that overlap or touch are unioned into one span.
2. Spans of **different labels** that overlap become one span covering the union of both;
   its label is the winner's, where the winner has the higher label priority
   (:data:`PRIORITY`: specific, structured identifiers beat free-text guesses, e.g. EMAIL
   beats NAME, ADDRESS beats NAME, HOSPITAL beats LOCATION), then the longer span, then the
   higher score.
3. The result is sorted by start and has no overlaps.

**Propagation.** ``Span.propagate`` says whether the string a span covers is PHI wherever it
occurs (the default) or only where its detector read it, in its context (a facility part
tagged after "back to" in "back to noble", not "noble gases"). The consistency passes of
``_deidentifier`` repeat only propagating spans. A merged span propagates if any of its parts
does: the union covers the characters a propagating reading found, and that reading
vouches for the string. Code that rebuilds a span from another (a relabel, a widening) must
pass the flag on (:func:`dataclasses.replace` does).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LABELS", "PRIORITY", "Span", "merge_spans"]

#: Every PHI label meddx emits (HIPAA Safe Harbor identifiers, grouped).
LABELS: tuple[str, ...] = (
    "DATE", "PHONE", "FAX", "EMAIL", "URL", "IP", "SSN", "MRN", "ACCOUNT", "HEALTHPLAN",
    "DEVICE", "PLATE", "ZIP", "ADDRESS", "AGE", "NAME", "LOCATION", "HOSPITAL",
)

#: Higher wins when spans of different labels overlap.
PRIORITY: dict[str, int] = {
    label: rank for rank, label in enumerate(reversed((
        "EMAIL", "URL", "IP", "SSN", "FAX", "PHONE", "MRN", "ACCOUNT", "HEALTHPLAN", "DEVICE",
        "PLATE", "ADDRESS", "DATE", "AGE", "HOSPITAL", "ZIP", "LOCATION", "NAME",
    )))
}


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of a text hold PHI of type ``label``.

    ``source`` names the detector that found it; ``score`` is its confidence in [0, 1];
    ``propagate``: the string is PHI wherever it occurs in the note, not only in the context
    its detector read (module docstring).
    """

    start: int
    end: int
    label: str
    source: str = ""
    score: float = 1.0
    propagate: bool = True

    def __len__(self) -> int:
        return self.end - self.start

    def as_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "label": self.label}


def _wins(a: Span, b: Span) -> bool:
    """Whether ``a``'s label wins over ``b``'s."""
    key_a = (PRIORITY.get(a.label, -1), len(a), a.score)
    key_b = (PRIORITY.get(b.label, -1), len(b), b.score)
    return key_a >= key_b


def merge_spans(spans: list[Span]) -> list[Span]:
    """Resolve overlaps as the module docstring describes; returns sorted, disjoint spans."""
    if not spans:
        return []
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if out:
            last = out[-1]
            same_touch = span.label == last.label and span.start <= last.end
            if same_touch or span.start < last.end:
                winner = last if _wins(last, span) else span
                out[-1] = Span(last.start, max(last.end, span.end), winner.label,
                               winner.source, max(last.score, span.score),
                               last.propagate or span.propagate)
                continue
        out.append(span)
    return out
