"""The drift tests on synthetic arrays: each stays quiet on samples of one distribution and
alerts on a shift; the registry refuses a second test of the same name."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.errors import ConfigError
from meddx.monitor import DRIFT_TESTS, DriftTest, drift_test, register_drift_test

RNG = np.random.default_rng(0)
SAME = (RNG.normal(0, 1, 400), RNG.normal(0, 1, 300))
SHIFTED = (RNG.normal(0, 1, 400), RNG.normal(1.0, 1.5, 300))


def test_registry_holds_the_five_tests_and_refuses_a_duplicate_name():
    assert list(DRIFT_TESTS) == ["domain_classifier", "js", "ks", "mmd", "psi"]

    class Again(DriftTest):
        name = "psi"
        kinds = ("numeric",)
        default_threshold = 0.1

        def compute(self, reference, current, *, categorical=False):
            return 0.0, None

    with pytest.raises(ConfigError, match="drift test 'psi' is already registered"):
        register_drift_test(Again)
    with pytest.raises(ConfigError, match="did you mean 'psi'"):
        drift_test("pis")


@pytest.mark.parametrize("name", ["psi", "ks", "domain_classifier", "mmd"])
def test_each_test_is_quiet_on_one_distribution_and_alerts_on_a_shift(name):
    test = drift_test(name)
    same = test(*SAME, feature="x")
    shifted = test(*SHIFTED, feature="x")
    assert set(same) == {"test", "feature", "statistic", "p_value", "threshold", "alert"}
    assert same["test"] == name and same["feature"] == "x"
    assert not same["alert"], same
    assert shifted["alert"], shifted
    assert (same["p_value"] is None) == (not test.uses_p_value)


def test_mmd_p_value_is_large_for_one_distribution_and_small_for_a_shift():
    rng = np.random.default_rng(1)
    x, y = rng.normal(0, 1, (200, 3)), rng.normal(0, 1, (150, 3))
    z = rng.normal(0.6, 1, (150, 3))
    mmd = drift_test("mmd", n_permutations=100)
    assert mmd(x, y, feature="v")["p_value"] > 0.1
    result = mmd(x, z, feature="v")
    assert result["p_value"] < 0.02 and result["statistic"] > 0
    assert mmd(x, z, feature="v") == result  # seeded


def test_categorical_counts_and_thresholds():
    ref, cur = np.array([100, 100, 100]), np.array([10, 20, 270])
    assert drift_test("psi")(ref, cur, feature="label", categorical=True)["alert"]
    assert drift_test("js")(ref, cur, feature="label", categorical=True)["statistic"] > 0.3
    assert not drift_test("js", threshold=0.9)(ref, cur, feature="label", categorical=True)["alert"]
    assert drift_test("psi")(ref, ref, feature="label", categorical=True)["statistic"] == 0.0
    with pytest.raises(ConfigError, match="takes categorical data, not numbers"):
        drift_test("js")(*SAME, feature="x")
    with pytest.raises(ConfigError, match="takes numeric data"):
        drift_test("ks")(ref, cur, feature="label", categorical=True)
    with pytest.raises(ConfigError, match="threshold must be a number >= 0; got -1"):
        drift_test("psi", threshold=-1)
