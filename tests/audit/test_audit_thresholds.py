"""Threshold selection on validation data: F1, Youden's J and a target sensitivity."""

from __future__ import annotations

import json

import numpy as np
import pytest

from meddx.audit import select_threshold, select_thresholds
from meddx.errors import ConfigError, DataError

LABELS = ["cardiac", "neuro", "gi"]


def scores(n: int, seed: int):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    z = rng.normal(0.0, 1.0, (n, 3))
    z[np.arange(n), y] += 1.2
    p = np.exp(z)
    return y, p / p.sum(axis=1, keepdims=True)


def rates(y, p, j, t):
    flag, pos = p[:, j] >= t, y == j
    return flag[pos].mean(), (~flag[~pos]).mean()


@pytest.mark.parametrize("target", [0.8, 0.95])
def test_target_sensitivity_is_met_on_validation_and_specificity_is_stated(target):
    y, p = scores(4000, seed=0)
    val, test = slice(0, 2000), slice(2000, None)
    out = select_threshold(y[val], p[val], positive="cardiac", target_sensitivity=target,
                           labels=LABELS)
    assert out["criterion"] == "sensitivity" and out["target_met"] is True
    sens, spec = rates(y[val], p[val], 0, out["threshold"])
    assert sens >= target and out["sensitivity"] == pytest.approx(sens)
    assert out["specificity"] == pytest.approx(spec)
    assert f"specificity {spec:.3f}" in out["statement"] and "validation" in out["statement"]
    # the best specificity meeting the target: a slightly higher threshold would miss it
    higher = np.unique(p[val][:, 0])
    higher = higher[higher > out["threshold"]]  # [0] is the chosen score itself
    assert rates(y[val], p[val], 0, higher[0])[0] == pytest.approx(sens)
    assert rates(y[val], p[val], 0, higher[1])[0] < target
    # and it carries over to held-out data from the same source, within sampling error
    assert rates(y[test], p[test], 0, out["threshold"])[0] >= target - 0.04
    json.dumps(out)


def test_f1_and_youden_pick_the_best_threshold():
    y, p = scores(1500, seed=1)
    grid = np.unique(p[:, 1])
    f1s, js = [], []
    for t in grid:
        flag, pos = p[:, 1] >= t, y == 1
        tp, fp = (flag & pos).sum(), (flag & ~pos).sum()
        f1s.append(2 * tp / (2 * tp + fp + (pos & ~flag).sum()))
        js.append(rates(y, p, 1, t)[0] + rates(y, p, 1, t)[1] - 1)
    f1 = select_threshold(y, p, positive=1, criterion="f1")
    assert f1["f1"] == pytest.approx(max(f1s))
    youden = select_threshold(y, p, positive="neuro", criterion="youden", labels=LABELS)
    assert youden["youden_j"] == pytest.approx(max(js))
    assert youden["class"] == "neuro" and youden["target_met"] is None


def test_binary_defaults_to_the_positive_class_and_multilabel_works():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 500)
    p1 = np.clip(0.3 * y + rng.random(500) * 0.7, 0, 1)
    out = select_threshold(y, np.c_[1 - p1, p1])
    assert out["class"] == "1" and out["class_index"] == 1
    ym = np.c_[y, 1 - y]
    per = select_thresholds(ym, np.c_[p1, 1 - p1], labels=["a", "b"])
    assert set(per) == {"a", "b"} and all("threshold" in v for v in per.values())


def test_select_thresholds_covers_every_class_and_reports_a_class_without_positives():
    y, p = scores(600, seed=3)
    per = select_thresholds(y, p, labels=LABELS, target_sensitivity=0.9)
    assert list(per) == LABELS and all(v["sensitivity"] >= 0.9 for v in per.values())
    y[y == 2] = 0
    per = select_thresholds(y, p, labels=LABELS)
    assert "no positive rows" in per["gi"]["error"]


def test_clear_errors():
    y, p = scores(100, seed=4)
    with pytest.raises(ConfigError, match="positive: name the class.*cardiac, neuro, gi"):
        select_threshold(y, p, labels=LABELS)
    with pytest.raises(ConfigError, match="unknown class 'lung'"):
        select_threshold(y, p, positive="lung", labels=LABELS)
    with pytest.raises(ConfigError, match=r"target_sensitivity must be a number in \(0, 1\]"):
        select_threshold(y, p, positive=0, criterion="sensitivity")
    with pytest.raises(ConfigError, match="criterion must be one of f1, youden, sensitivity"):
        select_threshold(y, p, positive=0, criterion="auc")
    with pytest.raises(DataError, match="class 'gi' has no positive rows in the validation data"):
        select_threshold(np.where(y == 2, 0, y), p, positive="gi", labels=LABELS)
