"""bench/cal12_splits.py: the recipes, item 1's conditions and the decision rule behind the
demo's served recipe chosen across five other splits (docs/benchmarks.md, session 12, cal12)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench" / "cal12_splits.py"


def _bench():
    return load_script("cal12_splits", BENCH)


def _sample(n=150, k=3, seed=0, strength=1.0):
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(k), n // k)
    z = rng.normal(0, 1, (n, k))
    z[np.arange(n), y] += strength
    p = np.exp(2 * z) / np.exp(2 * z).sum(axis=1, keepdims=True)
    zb = rng.normal(0, 1, (n, k))
    zb[np.arange(n), y] += strength  # a second, independent view of the label
    b = np.exp(zb) / np.exp(zb).sum(axis=1, keepdims=True)
    return y, p, b


@pytest.mark.slow  # about 20 calibrator fits (a few seconds each test)
def test_pool_at_weight_zero_is_the_model_alone_calibrated_by_auto():
    from meddx.evaluate import AutoCalibrator

    bench = _bench()
    y, p, b = _sample()
    pool = bench.LinearPool(weights=(0.0,)).fit(p, b, y)
    assert pool.weight_ == 0.0 and pool.temp_ is None
    expected = AutoCalibrator(seed=0).fit(p, y).transform(p)
    np.testing.assert_allclose(pool.transform(p, b), expected)


@pytest.mark.slow  # about 20 calibrator fits (a few seconds each test)
def test_pool_uses_an_informative_second_view_and_serves_distributions():
    from meddx.evaluate import compute_metrics

    bench = _bench()
    y, p, b = _sample(seed=1)
    yt, pt, bt = _sample(seed=2)
    pool = bench.LinearPool().fit(p, b, y)
    assert 0 < pool.weight_ <= 0.7
    assert set(pool.selection_["nll"]) == {f"{w:g}" for w in bench.POOL_WEIGHTS}
    assert pool.selection_["nll"][f"{pool.weight_:g}"] == min(pool.selection_["nll"].values())
    served = pool.transform(pt, bt)
    np.testing.assert_allclose(served.sum(axis=1), 1.0)
    labels = ["0", "1", "2"]
    alone = compute_metrics(yt, pool.cal_m_.transform(pt), task="multiclass", labels=labels)
    both = compute_metrics(yt, served, task="multiclass", labels=labels)
    assert both["macro_auroc"] > alone["macro_auroc"]


@pytest.mark.slow  # about 20 calibrator fits (a few seconds each test)
def test_pool_ignores_a_useless_baseline():
    bench = _bench()
    rng = np.random.default_rng(3)
    y, p, _ = _sample(seed=3, strength=2.0)
    noise = rng.dirichlet(np.ones(3), size=len(y))
    assert bench.LinearPool().fit(p, noise, y).weight_ <= 0.2


def test_score_test_conditions_follow_the_paired_intervals_and_the_ece_limit():
    from meddx.evaluate import compute_metrics

    bench = _bench()
    y, p, b = _sample(n=300, seed=4, strength=2.5)
    rng = np.random.default_rng(4)
    weak = rng.dirichlet(np.ones(3), size=len(y))  # a baseline that knows nothing
    s = bench.score_test(y, p, weak, ["0", "1", "2"], n_boot=200, floor_reps=50)
    m = compute_metrics(y, p, task="multiclass", labels=["0", "1", "2"])
    assert s["ece"] == m["ece"] and s["macro_auroc"] == m["macro_auroc"]
    assert s["met"]["macro_f1"] and s["met"]["accuracy"] and s["met"]["macro_auroc"]
    assert s["met"]["ece"] == (m["ece"] <= 0.03)
    assert s["all"] == all(s["met"].values())
    assert 0 < s["floor"] < 0.2
    same = bench.score_test(y, weak, weak, ["0", "1", "2"], n_boot=200, floor_reps=20)
    assert not any(same["met"][k] for k in ("macro_f1", "accuracy", "macro_auroc"))
    assert not same["all"]


def _split(all_four: bool, ece: float, floor: float, auroc: float) -> dict:
    met = {"macro_f1": True, "accuracy": True, "macro_auroc": all_four, "ece": ece <= 0.03}
    return {"all": all(met.values()), "met": met, "ece": ece, "floor": floor,
            "macro_auroc": auroc}


def test_rank_counts_splits_then_excess_ece_then_auroc():
    bench = _bench()
    per = {
        "fewer splits": [_split(True, 0.02, 0.04, 0.9), _split(False, 0.02, 0.04, 0.9)],
        "two splits, more excess": [_split(True, 0.03, 0.02, 0.9), _split(True, 0.03, 0.02, 0.9)],
        "two splits, less excess": [_split(True, 0.02, 0.04, 0.8), _split(True, 0.02, 0.04, 0.8)],
        "two splits, less excess, higher AUROC": [_split(True, 0.02, 0.04, 0.85),
                                                  _split(True, 0.02, 0.04, 0.85)],
    }
    order = [name for name, _ in bench.rank(per)]
    assert order == ["two splits, less excess, higher AUROC", "two splits, less excess",
                     "two splits, more excess", "fewer splits"]
    summary = dict(bench.rank(per))["fewer splits"]
    assert summary["all"] == 1 and summary["n_macro_auroc"] == 1 and summary["n_ece"] == 2
