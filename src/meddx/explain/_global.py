"""Global explanations: the terms that most often carry each class, over many notes.

Each note's explanation is for its predicted class. A term (a content word, lower-cased) gets,
per class, the sum of its scores over the notes predicted as that class; terms are ranked by
that total divided by the class's number of notes (the mean contribution per note), and kept
only if they occur in at least ``min_notes`` of those notes.
"""

from __future__ import annotations

from collections import defaultdict

from meddx.explain._base import Explanation
from meddx.explain._words import is_content

__all__ = ["global_terms"]


def global_terms(explanations: list[Explanation], labels: list[str], *, top: int = 20,
                 min_notes: int = 3) -> dict:
    """``{"classes": {label: {"n_notes", "terms": [{term, mean_per_note, total, notes,
    mean_when_present}]}}}`` from per-note explanations."""
    total: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    notes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    n_class: dict[str, int] = defaultdict(int)
    method = explanations[0].method if explanations else None
    for e in explanations:
        n_class[e.target] += 1
        seen: set[str] = set()
        for w, s in zip(e.words, e.scores, strict=True):
            if not is_content(w):
                continue
            term = w.lower()
            total[e.target][term] += float(s)
            if term not in seen:
                notes[e.target][term] += 1
                seen.add(term)
    classes = {}
    for label in labels:
        n = n_class.get(label, 0)
        rows = [{"term": t, "mean_per_note": v / n, "total": v, "notes": notes[label][t],
                 "mean_when_present": v / notes[label][t]}
                for t, v in total[label].items() if notes[label][t] >= min_notes]
        rows.sort(key=lambda r: (-r["mean_per_note"], r["term"]))
        classes[label] = {"n_notes": n, "terms": rows[:top]}
    return {"method": method, "n_notes": len(explanations), "min_notes": min_notes,
            "top": top, "classes": classes}
