"""bench/deid_abstract_spans.py counts spans with deid_realstyle.span_counts, the counting that
deid_realstyle's own abstract evaluation uses, instead of a copy of it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_span_counts_counts_spans_words_and_labels():
    rs = load_script("bench_deid_realstyle_counts", BENCH / "deid_realstyle.py")
    texts = ["seen on 8/28 at Mercy", "no phi here at all"]
    preds = [[(8, 12, "DATE"), (16, 21, "HOSPITAL")], [(0, 2, "DATE")]]
    assert rs.span_counts(texts, preds, [1]) == {
        "n_abstracts": 2, "n_words": 10, "n_spans": 3, "per_10k_words": 3000.0,
        "by_label": {"DATE": 2, "HOSPITAL": 1}, "notes_crashed": 1}
    assert rs.span_counts([], [], [])["per_10k_words"] == 0.0


def test_abstract_spans_script_writes_the_shared_counts(tmp_path, monkeypatch):
    spans = load_script("bench_deid_abstract_spans", BENCH / "deid_abstract_spans.py")
    texts = ["a b c", "d e", "f"]
    preds = [[(0, 1, "NAME")], [], [(0, 1, "DATE"), (0, 1, "NAME")]]
    monkeypatch.setattr(spans.rs, "abstracts", lambda: texts)
    monkeypatch.setattr(spans.rs, "run_deid", lambda sub, cfg: (preds[: len(sub)], []))
    out = tmp_path / "spans.json"
    monkeypatch.setattr(sys, "argv", ["deid_abstract_spans.py", "--out", str(out)])
    spans.main()
    # session 17: also the counts on the untrained rows (odd rows that are no even row's)
    assert json.loads(out.read_text()) == {
        "case": "as-written", **spans.rs.span_counts(texts, preds, []),
        "untrained": spans.rs.span_counts(["d e"], [[]], [])}
