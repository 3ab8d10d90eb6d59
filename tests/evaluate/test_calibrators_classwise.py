"""Label-preserving calibrators whose map depends on the predicted class (toplabel_class,
dirichlet_top): argmax kept, rows sum to 1, class-dependent miscalibration fixed, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from meddx.errors import ConfigError
from meddx.evaluate import (
    CALIBRATORS,
    AutoCalibrator,
    ClasswiseTopLabel,
    DirichletTopLabel,
    TopLabelCalibrator,
    calibrator_from_dict,
)


def _nll(p, y):
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def _classwise_miscalibrated(n, seed):
    """4 classes, well calibrated logits; then class 0 made much over-confident and class 3
    under-confident (a scale on its log-probability), so one shared map cannot fix both."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, n)
    z = rng.normal(0.0, 1.0, (n, 4))
    z[np.arange(n), y] += 1.2
    z *= np.array([4.0, 1.0, 1.0, 0.3])
    p = np.exp(z - z.max(axis=1, keepdims=True))
    return y, p / p.sum(axis=1, keepdims=True)


def _check(cal, p, y):
    q = cal.transform(p)
    assert np.array_equal(q.argmax(axis=1), p.argmax(axis=1))
    assert np.allclose(q.sum(axis=1), 1.0) and (q >= 0).all()
    back = calibrator_from_dict(json.loads(json.dumps(cal.to_dict())))
    assert type(back) is type(cal) and np.allclose(back.transform(p), q)
    return q


@pytest.mark.parametrize("cls", [ClasswiseTopLabel, DirichletTopLabel])
def test_keeps_argmax_sums_to_one_round_trips_and_beats_a_shared_map(cls):
    y, p = _classwise_miscalibrated(3000, seed=0)
    fit, held = slice(0, 1500), slice(1500, None)
    cal = cls().fit(p[fit], y[fit])
    q = _check(cal, p[held], y[held])
    shared = TopLabelCalibrator(temper=True).fit(p[fit], y[fit]).transform(p[held])
    assert _nll(q, y[held]) < _nll(p[held], y[held]) - 0.05
    assert _nll(q, y[held]) < _nll(shared, y[held]) - 0.005  # the class-wise effect is fixed
    assert CALIBRATORS.get(cls.method) is cls and cls.keeps_argmax


def test_toplabel_class_maps_differ_by_class_and_a_strong_pull_shares_them():
    y, p = _classwise_miscalibrated(2000, seed=1)
    free = ClasswiseTopLabel(pull=1e-4).fit(p, y)
    assert free.scale_[0] < free.scale_[3]  # class 0 over-confident: flatter map
    tied = ClasswiseTopLabel(pull=1e3).fit(p, y)
    assert np.ptp(tied.scale_) < 1e-2 and np.ptp(tied.bias_) < 1e-2
    assert tied.scale_[0] == pytest.approx(tied.shared_scale_, abs=1e-2)
    with pytest.raises(ConfigError, match="pull >= 0"):
        ClasswiseTopLabel(pull=-1.0).fit(p, y)


def test_dirichlet_top_swaps_only_where_dirichlet_changed_the_label():
    y, p = _classwise_miscalibrated(1500, seed=2)
    base = CALIBRATORS.get("dirichlet")().fit(p, y)
    cal = DirichletTopLabel().fit(p, y)
    q, d = cal.transform(p), base.transform(p)
    same = d.argmax(axis=1) == p.argmax(axis=1)
    assert (~same).any() and np.allclose(q[same], d[same])
    assert np.allclose(np.sort(q[~same], axis=1), np.sort(d[~same], axis=1))  # a permutation


def test_auto_tries_the_new_candidates_without_the_guard():
    y, p = _classwise_miscalibrated(600, seed=3)
    sel = AutoCalibrator().fit(p, y).selection_
    keys = {"toplabel_class(pull=0.01)", "toplabel_class(pull=0.1)", "dirichlet_top(l2=0.01)"}
    assert keys <= set(sel["nll"])
    assert all(sel["keeps_argmax"][key] for key in keys) and not keys & set(sel["rejected"])
