"""The verdict: a paired bootstrap of model minus baseline on the same test notes."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.evaluate import paired_comparison

LABELS = ["a", "b", "c"]


def _proba(y: np.ndarray, right: float, seed: int) -> np.ndarray:
    """Probabilities that put 0.8 on the true class for a share ``right`` of rows."""
    rng = np.random.default_rng(seed)
    hit = rng.random(len(y)) < right
    guess = np.where(hit, y, (y + 1 + rng.integers(0, 2, len(y))) % 3)
    p = np.full((len(y), 3), 0.1)
    p[np.arange(len(y)), guess] = 0.8
    return p


@pytest.mark.parametrize("model,baseline,verdict", [
    (0.9, 0.5, "better"), (0.5, 0.9, "worse"), (0.7, 0.7, "no different")])
def test_verdict_follows_the_interval_of_the_difference(model, baseline, verdict):
    y = np.arange(400) % 3
    out = paired_comparison(y, _proba(y, model, 1), _proba(y, baseline, 2), task="multiclass",
                            labels=LABELS, n_boot=200, seed=0)
    f1 = out["metrics"]["macro_f1"]
    assert out["verdict"] == f1["verdict"] == verdict
    lo, hi = f1["ci"]
    assert lo <= f1["difference"] <= hi
    assert f1["difference"] == pytest.approx(f1["model"] - f1["baseline"])
    assert out["sentence"].startswith("The model is ")
    if verdict == "worse":
        assert "WORSE than the baseline on macro-F1" in out["sentence"]


def test_the_same_model_is_no_different_and_lower_is_better_is_respected():
    y = np.arange(300) % 3
    p = _proba(y, 0.8, 3)
    same = paired_comparison(y, p, p, task="multiclass", labels=LABELS, n_boot=50)
    assert {m["verdict"] for m in same["metrics"].values()} == {"no different"}
    flat = np.full_like(p, 1 / 3)  # uninformative: much worse Brier
    out = paired_comparison(y, p, flat, task="multiclass", labels=LABELS, n_boot=100)
    assert out["metrics"]["brier"]["difference"] < 0
    assert out["metrics"]["brier"]["verdict"] == "better"
