"""bench/calibration_choice.py: cross-fitting on validation and the paired interval it reports
(the evidence behind ``auto``'s accuracy guard in docs/benchmarks.md, session 10)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench" / "calibration_choice.py"


def _bench():
    return load_script("calibration_choice", BENCH)


def test_cross_fit_scores_every_row_out_of_fold_and_keeps_labels_where_promised():
    from meddx.evaluate import CALIBRATORS

    bench = _bench()
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 150)
    z = rng.normal(0, 1, (150, 3))
    z[np.arange(150), y] += 1.0
    p = np.exp(3 * z) / np.exp(3 * z).sum(axis=1, keepdims=True)  # over-confident
    chosen = Counter()
    for factory in (CALIBRATORS.get("temperature"), CALIBRATORS.get("toplabel")):
        q = bench.cross_fit(y, p, factory, 5, 0, chosen)
        s = bench.scores(y, q, p.argmax(axis=1))
        assert s["agreement"] == 1.0 and np.allclose(q.sum(axis=1), 1.0)
        assert s["nll"] < bench.scores(y, p, p.argmax(axis=1))["nll"]
    assert not chosen  # only auto records choices
    same = bench.paired_interval(y, [p.argmax(axis=1)], p.argmax(axis=1), 3, bench.accuracy,
                                 boots=50)
    assert same == (0.0, 0.0)
    worse = p.argmax(axis=1).copy()
    worse[:30] = (y[:30] + 1) % 3  # 30 rows made wrong
    lo, hi = bench.paired_interval(y, [worse], p.argmax(axis=1), 3, bench.accuracy, boots=100)
    assert hi < 0


def test_equal_mass_ece_is_zero_when_each_bin_is_right_and_sees_a_gap():
    bench = _bench()
    y = np.zeros(100, dtype=int)
    p = np.tile([0.8, 0.2], (100, 1))
    y[:20] = 1  # 80 % right at confidence 0.8 overall, all the wrong rows in one bin of five
    assert bench.ece_equal_mass(y, p, n_bins=1) == pytest.approx(0.0, abs=1e-12)
    assert bench.ece_equal_mass(y, p, n_bins=5) == pytest.approx(2 * 0.2 * 0.8)
    over = np.tile([0.95, 0.05], (100, 1))
    assert bench.ece_equal_mass(y, over, n_bins=1) == pytest.approx(0.15)
