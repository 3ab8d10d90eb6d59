"""bench/calib17_fragile.py: the demo's served recipe re-implemented for bootstrap refits, the
bagged variants and the validation-only diagnosis (docs/benchmarks.md, session 17, calib17)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests._support.helpers import two_view_proba
from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench" / "calib17_fragile.py"


def _bench():
    return load_script("calib17_fragile", BENCH)


_sample = two_view_proba


def test_recipe_chooses_and_serves_as_the_demo_blend_does():
    from meddx.evaluate import BaselineBlend

    bench = _bench()
    y, p, b = _sample()
    ours = bench.Recipe().fit(p, b, y)
    built = BaselineBlend(calibration="toplabel").fit(p, b, y)
    assert ours.w_ == built.weight_
    assert ours.temper_ == built.calibrator_.temper
    np.testing.assert_allclose(ours.transform(p, b), built.transform(p, b), atol=1e-12)


def test_a_single_setting_is_fitted_without_cross_fitting():
    bench = _bench()
    y, p, b = _sample()
    r = bench.Recipe(weights=(0.3,), tempers=(False,)).fit(p, b, y)
    assert r.state()["w"] == 0.3 and r.state()["T"] == 1.0


def test_bagged_serves_the_mean_of_its_refits_and_rows_sum_to_one():
    bench = _bench()
    y, p, b = _sample()
    bag = bench.Bagged(lambda: bench.Recipe(weights=(0.0, 0.5), tempers=(False,)), n=3).fit(p, b, y)
    served = bag.transform(p, b)
    np.testing.assert_allclose(served.sum(axis=1), 1.0)
    np.testing.assert_allclose(served, np.mean([f.transform(p, b) for f in bag.fits_], axis=0))
    assert len({round(f.state()["a"], 9) for f in bag.fits_}) > 1  # different resamples


@pytest.mark.slow  # a few dozen calibrator fits
def test_diagnose_reports_movement_and_out_of_bag_scores_per_recipe(monkeypatch):
    bench = _bench()
    y, p, b = _sample()
    cheap = {"current": lambda: bench.Recipe(weights=(0.0, 0.5)),
             "no-temper": lambda: bench.Recipe(weights=(0.0, 0.5), tempers=(False,))}
    monkeypatch.setattr(bench, "recipes", lambda: cheap)
    out = bench.diagnose({"yv": y, "pv": p, "bv": b}, list(cheap), reps=3)
    for name in cheap:
        assert 0 <= out[name]["oob_ece_mean"] <= 1 and out[name]["conf_sd"] >= 0
        assert sum(out[name]["w"].values()) == 3
        assert out["crossfit"][name]["floor"] > 0
    assert set(out["parts"]) == {"all refitted", "w held", "w and temperature option held",
                                "w, option and temperature held"}
