"""The label of a span the ``ner`` detector shares with another detector: the other's.

The tagger finds PHI that the rules and lists miss, but types it worse than they type what
they find (trained on a few hundred notes, it reads an MRN as a PHONE, a town as a HOSPITAL).
:func:`meddx.deid.merge_spans` gives overlapping spans the label of highest priority (PHONE
over MRN, HOSPITAL over LOCATION), so a NER span over a rule's span would retype it. Before
the merge, each NER span that overlaps spans of other detectors takes the label of the one it
overlaps most; a NER span that no other detector touches keeps its own label. Characters are
never added or removed: only labels change.
"""

from __future__ import annotations

from dataclasses import replace

from meddx.deid._span import Span

__all__ = ["NER_SOURCE", "defer_ner_labels"]

#: ``Span.source`` of the ``ner`` detector's spans (its registered name).
NER_SOURCE = "ner"


def defer_ner_labels(spans: list[Span]) -> list[Span]:
    """``spans`` (one note's, every detector's) with the NER spans retyped as above."""
    if not any(s.source == NER_SOURCE for s in spans):
        return spans
    others = [s for s in spans if s.source != NER_SOURCE]
    out = list(others)
    for s in spans:
        if s.source != NER_SOURCE:
            continue
        shared = [(min(s.end, o.end) - max(s.start, o.start), -i, o.label)
                  for i, o in enumerate(others) if o.start < s.end and s.start < o.end]
        label = max(shared)[2] if shared else s.label
        out.append(s if label == s.label else replace(s, label=label))
    return out
