"""bench/demo_blend_nested.py: the over-confidence gap it reports and the recipes it compares
(the baseline's C chosen by out-of-fold NLL on the training split, never on validation)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench" / "demo_blend_nested.py"


def _bench():
    return load_script("bench_demo_blend_nested", BENCH)


def _proba(rng, n, k=3, scale=1.5):
    z = rng.normal(0, scale, (n, k))
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def test_gap_is_top_probability_minus_accuracy():
    bench = _bench()
    p = np.array([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.4, 0.4, 0.2]])
    y = np.array([0, 1, 1, 2])  # right, wrong, right, wrong
    assert np.isclose(bench.scores(y, p)["gap"], (0.9 + 0.6 + 0.7 + 0.4) / 4 - 0.5)
    # Labels drawn from the probabilities themselves: the gap is near 0.
    rng = np.random.default_rng(0)
    q = _proba(rng, 4000)
    drawn = np.array([rng.choice(3, p=row) for row in q])
    assert abs(bench.scores(drawn, q)["gap"]) < 0.03


def test_recipes_choose_the_baseline_c_on_training_out_of_fold_nll():
    bench = _bench()
    rng = np.random.default_rng(1)
    ytr = rng.integers(0, 3, 300)
    d = {"ytr": ytr, "run_c": np.asarray(10.0), "bv": _proba(rng, 20), "bt": _proba(rng, 30)}
    for C in bench.C_GRID:
        d[f"oof_{C:g}"] = _proba(rng, 300)
        d[f"bv_{C:g}"], d[f"bt_{C:g}"] = _proba(rng, 20), _proba(rng, 30)
    good = np.full((300, 3), 0.1)
    good[np.arange(300), ytr] = 0.8
    d["oof_3"] = good  # the lowest out-of-fold NLL on train
    recipes = bench.recipes(d)
    cv = [name for name in recipes if "train CV NLL" in name]
    assert cv and all("C=3 " in name for name in cv)
    name = next(n for n in cv if "auto" in n)
    assert recipes[name][0] is d["bv_3"] and recipes[name][1] is d["bt_3"]
    current = next(n for n in recipes if "current" in n)
    assert "C=10 " in current and recipes[current][0] is d["bv"]
