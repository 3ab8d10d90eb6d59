"""Choose the ``ner`` detector's decision rule on validation notes (never on test notes).

Two numbers decide which predictions the tagger keeps: the PHI threshold on P(not O) per
word piece, and the minimum mean tag probability of a span. A grid of both is scored at the
entity level on the validation notes, once for the tagger alone and once for the tagger
merged with the other detectors (rules and dictionaries):

1. keep the settings whose tagger-alone recall is within ``recall_slack`` of the best on
   the grid (the tagger must stay a full detector on its own: it is what catches what the
   rules and lists miss, such as lower-case names and odd date formats);
2. among them take the highest precision of the merged ensemble; ties go to the lower
   threshold and score (more recall).
"""

from __future__ import annotations

from typing import Any

from meddx.deid._span import merge_spans

__all__ = ["choose_span_filter"]

THRESHOLDS = tuple(x / 20 for x in range(6, 20))  # 0.30 .. 0.95
MIN_SCORES = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _overlap_scores(docs: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]
                    ) -> tuple[float, float]:
    """Entity recall and precision, a span counting as matched when anything overlaps it."""
    found = n_gold = good = n_pred = 0
    for gold, pred in docs:
        n_gold += len(gold)
        n_pred += len(pred)
        found += sum(any(ps < ge and pe > gs for ps, pe in pred) for gs, ge in gold)
        good += sum(any(gs < pe and ge > ps for gs, ge in gold) for ps, pe in pred)
    return found / max(1, n_gold), good / max(1, n_pred)


def choose_span_filter(detector, notes: list[dict], base_detectors: list, *,
                       recall_slack: float = 0.01) -> dict[str, Any]:
    """The (threshold, min_span_score) of ``detector`` chosen on validation ``notes`` (records
    with ``text`` and gold ``phi``), with both detectors' scores there."""
    texts = [n["text"] for n in notes]
    gold = [[(p["start"], p["end"]) for p in n["phi"]] for n in notes]
    base = [[s for d in base_detectors for s in d.detect(t)] for t in texts]
    windows = detector.window_probs(texts)
    rows = []
    for t in THRESHOLDS:
        for ms in MIN_SCORES:
            ner = detector.decode(texts, windows, t, ms)
            alone = _overlap_scores([(g, [(s.start, s.end) for s in merge_spans(p)])
                                     for g, p in zip(gold, ner, strict=True)])
            merged = _overlap_scores([(g, [(s.start, s.end) for s in merge_spans(b + p)])
                                      for g, b, p in zip(gold, base, ner, strict=True)])
            rows.append({"threshold": t, "min_span_score": ms,
                         "ner_recall": round(alone[0], 4), "ner_precision": round(alone[1], 4),
                         "recall": round(merged[0], 4), "precision": round(merged[1], 4)})
    best_recall = max(r["ner_recall"] for r in rows)
    kept = [r for r in rows if r["ner_recall"] >= best_recall - recall_slack]
    pick = max(kept, key=lambda r: (r["precision"], -r["threshold"], -r["min_span_score"]))
    return dict(pick, n_notes=len(notes), n_settings=len(rows), recall_slack=recall_slack,
                base_detectors=[d.name for d in base_detectors])
