"""ece_if_calibrated: the ECE a perfectly calibrated model would show on as many rows."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.evaluate import (
    calibration_sentence,
    ece_if_calibrated,
    evaluate,
    expected_calibration_error,
)


def _calibrated(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose labels are drawn from their own probabilities: calibrated by construction."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(k, 0.6), size=n)
    y = np.array([rng.choice(k, p=row) for row in p])
    return y, p


def test_calibrated_rows_are_consistent_and_the_floor_shrinks_with_n():
    y, p = _calibrated(500, 5, seed=1)
    small = ece_if_calibrated(y, p, task="multiclass", draws=400)
    assert small["observed"] == pytest.approx(
        expected_calibration_error(y, p, task="multiclass"))
    assert small["consistent"] and small["p_value"] > 0.05
    lo, hi = small["interval"]
    assert 0 < lo < small["mean"] < hi
    y4, p4 = _calibrated(8000, 5, seed=2)
    large = ece_if_calibrated(y4, p4, task="multiclass", draws=200)
    # the floor falls roughly as 1 / sqrt(n): 16 times the rows, about a quarter of the ECE
    assert large["mean"] < small["mean"] / 2.5


def test_overconfident_rows_are_flagged():
    y, p = _calibrated(600, 4, seed=3)
    sharp = p ** 3 / (p ** 3).sum(axis=1, keepdims=True)  # same argmax, overconfident
    check = ece_if_calibrated(y, sharp, task="multiclass", draws=400)
    assert not check["consistent"] and check["p_value"] < 0.01
    assert "miscalibrated" in calibration_sentence(check)
    assert "consistent" in calibration_sentence(ece_if_calibrated(y, p, task="multiclass"))


def test_same_seed_same_figures_and_multilabel():
    y, p = _calibrated(200, 3, seed=4)
    a = ece_if_calibrated(y, p, task="multiclass", seed=7, draws=300)
    assert a == ece_if_calibrated(y, p, task="multiclass", seed=7, draws=300)
    rng = np.random.default_rng(5)
    pm = rng.uniform(size=(300, 3))
    ym = (rng.uniform(size=(300, 3)) < pm).astype(int)
    m = ece_if_calibrated(ym, pm, task="multilabel", draws=300)
    assert m["consistent"] and m["n"] == 300


def test_evaluate_carries_the_check():
    y, p = _calibrated(120, 3, seed=6)
    out = evaluate(y, p, task="multiclass", labels=["a", "b", "c"], n_boot=20)
    check = out["ece_if_calibrated"]
    assert check["observed"] == pytest.approx(out["ece"])
    assert check["n"] == 120 and check["ci_level"] == out["ci_level"]
