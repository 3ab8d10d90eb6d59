"""bench/demo_calibration.py's ECE floor: the ECE that sampling alone gives to perfectly
calibrated probabilities, which the blend section of docs/benchmarks.md leans on."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench" / "demo_calibration.py"


def _bench():
    return load_script("demo_calibration", BENCH)


def test_ece_floor_shrinks_with_more_rows_and_matches_calibrated_draws():
    from meddx.evaluate import expected_calibration_error

    bench = _bench()
    rng = np.random.default_rng(0)
    z = rng.normal(0, 1.5, (2000, 4))
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    small, large = bench.ece_floor(p[:200], reps=200), bench.ece_floor(p, reps=200)
    assert small[1] <= small[0] <= small[2] and 0 <= small[3] <= 1
    assert large[0] < small[0] / 2  # about 1/sqrt(n): 10 times the rows, a third of the ECE
    # Labels really drawn from p give an ECE inside the floor's spread.
    y = np.array([rng.choice(4, p=row) for row in p[:200]])
    assert small[1] / 2 <= expected_calibration_error(y, p[:200], task="multiclass") <= small[2] * 2
    # Confident, correct predictions have almost no floor.
    sharp = np.full((200, 4), 1e-6)
    sharp[:, 0] = 1 - 3e-6
    assert bench.ece_floor(sharp, reps=50)[0] < 1e-3
