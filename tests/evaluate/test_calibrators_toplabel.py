"""Top-label calibration (argmax kept) and the accuracy guard of ``auto``'s choice."""

from __future__ import annotations

import json

import numpy as np
import pytest

from meddx.errors import ConfigError
from meddx.evaluate import CALIBRATORS, AutoCalibrator, TopLabelCalibrator, calibrator_from_dict
from meddx.evaluate._calibrators_linear import choose


def _nll(p, y):
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def _miscalibrated(n, k, seed, sharpen=3.0, signal=1.5):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    z = rng.normal(0.0, 1.0, (n, k))
    z[np.arange(n), y] += signal
    p = np.exp(sharpen * z)
    return y, p / p.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("temper", [False, True])
def test_toplabel_keeps_the_argmax_sums_to_one_and_lowers_nll(temper):
    y, p = _miscalibrated(1200, 5, seed=0)
    cal = TopLabelCalibrator(temper=temper).fit(p[:600], y[:600])
    assert (cal.temperature_ > 1.2) if temper else cal.temperature_ == 1.0  # over-confident
    q = cal.transform(p[600:])
    assert np.array_equal(q.argmax(axis=1), p[600:].argmax(axis=1))
    assert np.allclose(q.sum(axis=1), 1.0) and (q >= 0).all()
    assert _nll(q, y[600:]) < _nll(p[600:], y[600:]) - 0.1  # over-confident: much better
    assert q.max(axis=1).mean() < p[600:].max(axis=1).mean()
    back = calibrator_from_dict(json.loads(json.dumps(cal.to_dict())))
    assert isinstance(back, TopLabelCalibrator) and np.allclose(back.transform(p[600:]), q)


def test_toplabel_raises_a_top_probability_that_would_lose_the_argmax():
    # labels unrelated to the probabilities: the fitted confidence is near 1/k, below the
    # runner-up of confident rows; the top label must stay, barely ahead
    rng = np.random.default_rng(1)
    y, p = rng.integers(0, 4, 400), rng.dirichlet(np.full(4, 0.3), 400)
    q = TopLabelCalibrator().fit(p, y).transform(p)
    assert np.array_equal(q.argmax(axis=1), p.argmax(axis=1))
    assert np.allclose(q.sum(axis=1), 1.0)
    one_hot = np.eye(4)[[0, 2]]  # nothing left for the other classes
    r = TopLabelCalibrator().fit(p, y).transform(one_hot)
    assert np.array_equal(r.argmax(axis=1), [0, 2]) and np.allclose(r.sum(axis=1), 1.0)


def test_toplabel_is_registered_and_single_label_only():
    assert CALIBRATORS.get("toplabel") is TopLabelCalibrator and TopLabelCalibrator.keeps_argmax
    with pytest.raises(ConfigError, match="single-label tasks only"):
        TopLabelCalibrator().fit(np.full((4, 2), 0.5), np.array([[1, 0], [0, 1]] * 2))


def test_guard_rejects_a_label_changing_calibrator_that_lowers_accuracy():
    y = np.arange(120) % 3
    none = np.eye(3)[y] * 0.5 + 0.5 / 3  # right on every row, confidence 0.67
    kept = none * 0.9 + 0.1 / 3  # a label-preserving calibrator: same labels, worse NLL
    wrong = np.eye(3)[y] * 0.97 + 0.01  # much sharper, so a far lower NLL...
    bad = np.arange(120) % 6 == 0  # ...but one row in six gets a wrong top label
    wrong[bad] = np.eye(3)[(y[bad] + 1) % 3] * 0.45 + np.eye(3)[y[bad]] * 0.40 + 0.05
    settings = {"temperature": {"method": "temperature", "params": {}},
                "dirichlet(l2=0.01)": {"method": "dirichlet", "params": {"l2": 0.01}}}
    held = {"none": none, "temperature": kept, "dirichlet(l2=0.01)": wrong}
    assert _nll(wrong, y) < _nll(kept, y)  # NLL alone would take the label-changing one
    assert np.mean(wrong.argmax(axis=1) == y) < 1.0
    best, record = choose(held, y, "multiclass", settings)
    assert best == "temperature" and record["chosen"] == "temperature"
    assert "dirichlet(l2=0.01)" in record["rejected"]
    assert record["keeps_argmax"] == {"temperature": True, "dirichlet(l2=0.01)": False}
    assert choose(held, y, "multiclass", settings, guard=False)[0] == "dirichlet(l2=0.01)"
    # one that merely ties (or gains by luck) is rejected too: the gain must be clear
    held["dirichlet(l2=0.01)"] = none * 0.8 + np.eye(3)[y] * 0.2
    assert choose(held, y, "multiclass", settings)[0] == "temperature"
    # a label-changing calibrator that clearly fixes labels is admitted
    off = np.arange(120) % 4 == 0  # the model is wrong on one row in four
    model = none.copy()
    model[off] = np.eye(3)[(y[off] + 1) % 3] * 0.5 + 0.5 / 3
    fixed = np.eye(3)[y] * 0.6 + 0.4 / 3
    held = {"none": model, "temperature": model * 0.9 + 0.1 / 3, "dirichlet(l2=0.01)": fixed}
    best, record = choose(held, y, "multiclass", settings)
    assert best == "dirichlet(l2=0.01)" and not record["rejected"]


def test_auto_records_why_and_never_serves_a_calibrator_that_lost_accuracy():
    y, p = _miscalibrated(300, 4, seed=2, sharpen=0.6)  # under-confident
    cal = AutoCalibrator().fit(p, y)
    sel = cal.selection_
    assert sel["rule"].startswith("lowest NLL among calibrators that keep the top label")
    assert sel["criterion"].endswith("accuracy guarded")
    assert set(sel["accuracy"]) == set(sel["nll"]) == set(sel["macro_f1"])
    assert {"toplabel(temper=False)", "toplabel(temper=True)", "dirichlet(l2=0.01)"} <= set(sel["nll"])
    assert sel["chosen"] not in sel["rejected"]
    chosen = sel["chosen"]
    if not sel["keeps_argmax"][chosen]:
        assert sel["accuracy"][chosen] > sel["accuracy"]["none"]
        assert sel["macro_f1"][chosen] >= sel["macro_f1"]["none"]
    assert all(not sel["keeps_argmax"][key] for key in sel["rejected"])
    saved = cal.to_dict()
    assert saved["selection"]["chosen"] == chosen and saved["method"] != "auto"
    plain = AutoCalibrator(label_guard=False, candidates=("temperature",)).fit(p, y)
    assert plain.selection_["rule"] == "lowest NLL"
