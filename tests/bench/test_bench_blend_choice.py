"""bench/blend_choice.py: the nested cross-fitting on validation behind the demo's blend choice
(docs/benchmarks.md, session 11, branch blend15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._support.helpers import two_view_proba
from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench" / "blend_choice.py"


def _bench():
    return load_script("blend_choice", BENCH)


_sample = two_view_proba


def test_scores_agree_with_meddx_evaluate():
    from meddx.evaluate import compute_metrics

    bench = _bench()
    y, p, _ = _sample()
    s = bench.scores(y, p, p.argmax(axis=1))
    m = compute_metrics(y, p, task="multiclass", labels=["0", "1", "2"])
    for ours, theirs in (("auroc", "macro_auroc"), ("ece", "ece"), ("brier", "brier"),
                         ("accuracy", "accuracy"), ("macro_f1", "macro_f1")):
        assert s[ours] == pytest.approx(m[theirs], abs=1e-9), ours
    assert s["agreement"] == 1.0


@pytest.mark.slow
def test_study_is_nested_and_the_blend_of_two_views_ranks_better(monkeypatch):
    bench = _bench()
    monkeypatch.setattr("meddx.evaluate._blend.BLEND_WEIGHTS", (0.0, 0.5))
    y, p, b = _sample()
    res = bench.study(y, p, b, folds=3, repeats=1, fixed=(), boots=100)
    rows = res["rows"]
    assert set(rows) == {"model", "TF-IDF", "model + auto", "blend + auto"}
    assert sum(rows["blend + auto"]["chosen_in_folds"].values()) == 3  # one fit per outer fold
    # Two independent noisy views of the label: the blend ranks better than either alone.
    assert rows["blend + auto"]["auroc"] > max(rows["model"]["auroc"], rows["TF-IDF"]["auroc"])
    d = res["blend_minus"]["model + auto"]["auroc"]
    assert d[0] > 0 and d[1] <= d[0] <= d[2]
