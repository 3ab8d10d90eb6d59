"""Calibrators: the estimator contract, what each one does to over-confident probabilities,
JSON persistence, the registry, and applying a run's saved calibration."""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

from meddx.audit import (
    CALIBRATORS,
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    apply_calibration,
    calibration_report,
    calibrator_from_dict,
    load_calibrator,
)
from meddx.errors import ConfigError, ModelError
from meddx.evaluate import brier_score, expected_calibration_error

ALL = [TemperatureScaling, IsotonicCalibrator, PlattCalibrator]


def overconfident(n: int, k: int, *, seed: int, sharpen: float = 3.0, multilabel: bool = False):
    """Labels and probabilities from a decent model whose logits are multiplied by ``sharpen``."""
    rng = np.random.default_rng(seed)
    if multilabel:
        y = (rng.random((n, k)) < 0.5).astype(np.int64)
        z = rng.normal(0.0, 1.0, (n, k)) + np.where(y == 1, 1.0, -1.0)
        return y, 1.0 / (1.0 + np.exp(-sharpen * z))
    y = rng.integers(0, k, n)
    z = rng.normal(0.0, 1.0, (n, k))
    z[np.arange(n), y] += 1.5
    p = np.exp(sharpen * z)
    return y, p / p.sum(axis=1, keepdims=True)


def nll(y, p):
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))


TASKS = {"binary": 2, "multiclass": 4}


# -- the estimator contract ------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL)
def test_contract_keyword_only_init_fit_returns_self_and_fitted_attributes(cls):
    params = inspect.signature(cls.__init__).parameters
    assert all(p.kind is p.KEYWORD_ONLY for name, p in params.items()
               if name not in ("self", "args", "kwargs"))
    y, p = overconfident(300, 3, seed=0)
    est = cls()
    assert not [a for a in vars(est) if a.endswith("_")]  # nothing fitted yet
    assert est.fit(p, y) is est
    fitted = [a for a in vars(est) if a.endswith("_") and not a.startswith("_")]
    assert {"task_", "n_classes_"} <= set(fitted)
    assert est.task_ == "multiclass" and est.n_classes_ == 3


@pytest.mark.parametrize("cls", ALL)
def test_unfitted_use_raises_a_clear_error(cls):
    _, p = overconfident(10, 3, seed=0)
    for call in (lambda c: c.transform(p), lambda c: c.to_dict()):
        with pytest.raises(ModelError, match=rf"{cls.__name__} is not fitted yet.*fit\("):
            call(cls())


@pytest.mark.parametrize("cls", ALL)
def test_transform_checks_the_number_of_classes(cls):
    y, p = overconfident(200, 3, seed=0)
    est = cls().fit(p, y)
    with pytest.raises(ModelError, match=r"fitted on 3 classes.*shape \(n, 3\).*\(5, 4\)"):
        est.transform(np.full((5, 4), 0.25))


def test_bad_inputs_are_named():
    with pytest.raises(ModelError, match="proba must have shape"):
        TemperatureScaling().fit(np.ones(5), np.zeros(5))
    with pytest.raises(Exception, match="y_true must hold class indices"):
        TemperatureScaling().fit(np.full((4, 2), 0.5), np.array([0, 1, 2, 0]))


# -- what calibration does -------------------------------------------------------------------


@pytest.mark.parametrize("task", sorted(TASKS))
def test_temperature_scaling_lowers_nll_and_ece_and_keeps_the_argmax(task):
    k = TASKS[task]
    y, p = overconfident(3000, k, seed=1)
    val, test = slice(0, 1500), slice(1500, None)
    ts = TemperatureScaling().fit(p[val], y[val])
    assert ts.temperature_ > 1.5  # over-confident -> softened
    q = ts.transform(p[test])
    np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
    assert (q.argmax(axis=1) == p[test].argmax(axis=1)).all()
    assert nll(y[test], q) < nll(y[test], p[test])
    before = expected_calibration_error(y[test], p[test], task=task)
    after = expected_calibration_error(y[test], q, task=task)
    assert after < before / 2 and after < 0.04


def test_temperature_scaling_per_label_for_multilabel():
    y, p = overconfident(2000, 3, seed=2, multilabel=True, sharpen=5.0)
    ts = TemperatureScaling().fit(p[:1000], y[:1000])
    assert isinstance(ts.temperature_, list) and len(ts.temperature_) == 3
    assert all(2.0 < t < 3.0 for t in ts.temperature_)  # the data were sharpened 2.5-fold
    q = ts.transform(p[1000:])
    assert ((q >= 0.5) == (p[1000:] >= 0.5)).all()  # a logit's sign never changes
    before = expected_calibration_error(y[1000:], p[1000:], task="multilabel")
    assert expected_calibration_error(y[1000:], q, task="multilabel") < before / 2


@pytest.mark.parametrize("cls", [IsotonicCalibrator, PlattCalibrator])
@pytest.mark.parametrize("task", sorted(TASKS))
def test_one_vs_rest_calibrators_give_rows_summing_to_one_and_better_brier(cls, task):
    y, p = overconfident(3000, TASKS[task], seed=3)
    est = cls().fit(p[:1500], y[:1500])
    q = est.transform(p[1500:])
    assert q.shape == p[1500:].shape
    assert ((q >= 0) & (q <= 1)).all()
    np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
    assert brier_score(y[1500:], q, task=task) < brier_score(y[1500:], p[1500:], task=task)
    assert expected_calibration_error(y[1500:], q, task=task) < \
        expected_calibration_error(y[1500:], p[1500:], task=task)
    if task == "binary":
        assert est.columns_ == [1]  # the positive class only; p0 = 1 - p1


@pytest.mark.parametrize("cls", [IsotonicCalibrator, PlattCalibrator])
def test_one_vs_rest_calibrators_per_label_for_multilabel(cls):
    y, p = overconfident(1000, 3, seed=4, multilabel=True)
    q = cls().fit(p, y).transform(p)
    assert q.shape == p.shape and ((q >= 0) & (q <= 1)).all()


def test_calibration_report_uses_the_evaluate_metrics():
    y, p = overconfident(800, 3, seed=5)
    q = TemperatureScaling().fit(p, y).transform(p)
    rep = calibration_report(y, p, q, task="multiclass", n_bins=10)
    assert rep["ece_before"] == expected_calibration_error(y, p, task="multiclass", n_bins=10)
    assert rep["brier_after"] == brier_score(y, q, task="multiclass")
    assert rep["nll_after"] < rep["nll_before"]
    assert len(rep["reliability_after"]["bin_count"]) == 10
    json.dumps(rep)


# -- persistence and the registry ------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel"])
def test_json_round_trip_gives_identical_probabilities(cls, task):
    k = 2 if task == "binary" else 3
    y, p = overconfident(500, k, seed=6, multilabel=task == "multilabel")
    est = cls().fit(p, y)
    data = json.loads(json.dumps(est.to_dict()))
    assert data["method"] == cls.method and data["task"] == task
    for loaded in (cls.from_dict(data), calibrator_from_dict(data)):
        assert type(loaded) is cls
        np.testing.assert_allclose(loaded.transform(p), est.transform(p), rtol=0, atol=1e-12)


def test_from_dict_rejects_other_methods_and_broken_files():
    y, p = overconfident(200, 3, seed=0)
    data = TemperatureScaling().fit(p, y).to_dict()
    with pytest.raises(ModelError, match="not a saved 'isotonic' calibrator"):
        IsotonicCalibrator.from_dict(data)
    with pytest.raises(ModelError, match="incomplete or invalid"):
        TemperatureScaling.from_dict({k: v for k, v in data.items() if k != "fitted"})
    with pytest.raises(ModelError, match="unknown calibrator 'temprature'; did you mean 'temperature'"):
        calibrator_from_dict(dict(data, method="temprature"))


def test_registry_names_and_no_double_registration():
    assert list(CALIBRATORS) == ["auto", "dirichlet", "dirichlet_top", "isotonic", "platt",
                                 "temperature", "toplabel", "toplabel_class", "vector"]
    assert CALIBRATORS.get("temperature") is TemperatureScaling
    with pytest.raises(ConfigError, match="already registered"):
        CALIBRATORS.register("platt", PlattCalibrator)


def test_apply_calibration_reads_a_saved_file_and_is_a_no_op_without_one(tmp_path):
    y, p = overconfident(400, 3, seed=7)
    folder = tmp_path / "run" / "model"
    folder.mkdir(parents=True)
    assert load_calibrator(tmp_path / "run") is None
    np.testing.assert_array_equal(apply_calibration(tmp_path / "run", p), p)
    ts = TemperatureScaling().fit(p, y)
    (folder / "calibration.json").write_text(json.dumps({"method": "temperature",
                                                          "calibrator": ts.to_dict()}))
    for where in (tmp_path / "run", folder):  # a run directory or its model folder
        np.testing.assert_allclose(apply_calibration(where, p), ts.transform(p))
    (folder / "calibration.json").write_text("{not json")
    with pytest.raises(ModelError, match="calibration.json: not valid JSON"):
        apply_calibration(folder, p)
