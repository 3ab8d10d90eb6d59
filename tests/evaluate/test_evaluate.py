"""Metrics, calibration and bootstrap intervals of meddx.evaluate."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest
from sklearn import metrics as skm

import meddx.evaluate as ev
from meddx.errors import ConfigError, MeddxError
from meddx.evaluate import (
    bootstrap_ci,
    brier_score,
    compute_metrics,
    evaluate,
    expected_calibration_error,
    reliability_curve,
)

LABELS = {"binary": ["neg", "pos"], "multiclass": ["a", "b", "c", "d"], "multilabel": list("wxyz")}


def make_data(task, n=200, seed=0, signal=1.5, decimals=None, k=None):
    """Informative random predictions; ``decimals`` rounds them to create ties."""
    rng = np.random.default_rng(seed)
    k = k or len(LABELS[task])
    if task == "multilabel":
        y = (rng.random((n, k)) < 0.35).astype(int)
        p = 1.0 / (1.0 + np.exp(-(rng.normal(size=(n, k)) + signal * (2 * y - 1))))
        return y, (np.round(p, decimals) if decimals else p)
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y] += signal
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    if decimals:
        p = np.round(p, decimals)
        p /= p.sum(axis=1, keepdims=True)
    return y, p


def perfect(task: str, n: int = 40):
    k = len(LABELS[task])
    if task == "multilabel":
        y = np.zeros((n, k), dtype=int)
        y[np.arange(n), np.arange(n) % k] = 1
        y[::3, 0] = 1
        return y, y.astype(float)
    y = np.arange(n) % k
    return y, np.eye(k)[y]


def test_all_matches_public_names():
    assert sorted(ev.__all__) == sorted(
        [
            "DEFAULT_CI_METRICS",
            "SCALAR_METRICS",
            "AutoCalibrator",
            "BLEND_WEIGHTS",
            "BLENDS",
            "BaselineBlend",
            "CALIBRATORS",
            "Calibrator",
            "ClasswiseTopLabel",
            "DirichletCalibrator",
            "DirichletTopLabel",
            "EvalConfig",
            "IsotonicCalibrator",
            "PlattCalibrator",
            "TemperatureScaling",
            "TopLabelCalibrator",
            "VectorScaling",
            "blend_proba",
            "calibration_sentence",
            "calibrator_from_dict",
            "infer_task",
            "binary_ranking",
            "bootstrap_ci",
            "brier_score",
            "check_inputs",
            "check_int",
            "check_unit_interval",
            "compute_metrics",
            "ece_1d",
            "ece_if_calibrated",
            "figure_png",
            "new_figure",
            "evaluate",
            "expected_calibration_error",
            "reliability_curve",
            "update_report_audit",
            "update_report_leak_scan",
            "write_failure_report",
            "write_report",
            "VERDICT_METRICS",
            "paired_comparison",
        ]
    )
    for name in ev.__all__:
        assert getattr(ev, name) is not None


@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel"])
def test_perfect_predictions(task):
    y, p = perfect(task)
    m = compute_metrics(y, p, task=task, labels=LABELS[task])
    for key in (
        "accuracy",
        "macro_f1",
        "micro_f1",
        "weighted_f1",
        "macro_precision",
        "macro_recall",
        "macro_specificity",
        "macro_auroc",
        "macro_auprc",
    ):
        assert m[key] == pytest.approx(1.0), key
    assert m["ece"] == pytest.approx(0.0, abs=1e-12)
    assert m["brier"] == pytest.approx(0.0, abs=1e-12)
    for row in m["per_class"].values():
        assert row["f1"] == pytest.approx(1.0)
        assert row["auroc"] == pytest.approx(1.0)


@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel"])
@pytest.mark.parametrize("decimals", [None, 1], ids=["continuous", "ties"])
def test_agrees_with_sklearn(task, decimals):
    y, p = make_data(task, n=300, seed=3, signal=0.8, decimals=decimals)
    labels = LABELS[task]
    m = compute_metrics(y, p, task=task, labels=labels, threshold=0.5)
    pred = (p >= 0.5).astype(int) if task == "multilabel" else p.argmax(axis=1)
    ks = {"labels": None if task == "multilabel" else list(range(len(labels))), "zero_division": 0}
    for average in ("macro", "micro", "weighted"):
        assert m[f"{average}_f1"] == pytest.approx(skm.f1_score(y, pred, average=average, **ks))
    assert m["macro_precision"] == pytest.approx(
        skm.precision_score(y, pred, average="macro", **ks)
    )
    assert m["macro_recall"] == pytest.approx(skm.recall_score(y, pred, average="macro", **ks))
    assert m["accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    if task == "binary":
        assert m["macro_auroc"] == pytest.approx(skm.roc_auc_score(y, p[:, 1]))
        assert m["macro_auprc"] == pytest.approx(skm.average_precision_score(y, p[:, 1]))
    elif task == "multiclass":
        assert m["macro_auroc"] == pytest.approx(skm.roc_auc_score(y, p, multi_class="ovr"))
    else:
        assert m["macro_auroc"] == pytest.approx(skm.roc_auc_score(y, p, average="macro"))
        assert m["macro_auprc"] == pytest.approx(skm.average_precision_score(y, p))
    for j, label in enumerate(labels):
        positive = y[:, j] if task == "multilabel" else (y == j).astype(int)
        row = m["per_class"][label]
        assert row["auroc"] == pytest.approx(skm.roc_auc_score(positive, p[:, j]))
        assert row["auprc"] == pytest.approx(skm.average_precision_score(positive, p[:, j]))
        assert row["support"] == int(positive.sum())
    if task != "multilabel":
        assert m["confusion_matrix"] == skm.confusion_matrix(y, pred).tolist()
    else:
        mcm = skm.multilabel_confusion_matrix(y, pred)
        assert [m["confusion_matrix"][label] for label in labels] == mcm.tolist()
    json.dumps(m, allow_nan=False)  # plain JSON, no NaN


def test_binary_headline_is_positive_class_and_per_class_both():
    y, p = make_data("binary", n=150, seed=5, signal=0.7)
    m = compute_metrics(y, p, task="binary", labels=["neg", "pos"])
    assert m["macro_auroc"] == m["per_class"]["pos"]["auroc"]
    assert m["macro_auprc"] == m["per_class"]["pos"]["auprc"]
    assert m["per_class"]["neg"]["auprc"] == pytest.approx(
        skm.average_precision_score(y == 0, p[:, 0])
    )
    assert m["per_class"]["neg"]["auprc"] != pytest.approx(m["macro_auprc"])


def test_specificity_hand_computed():
    # true a a b c ; predicted a b b a
    y = np.array([0, 0, 1, 2])
    p = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.6, 0.2, 0.2]])
    m = compute_metrics(y, p, task="multiclass", labels=["a", "b", "c"])
    assert m["confusion_matrix"] == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]
    # a: tn = 1 (row b) fp = 1; b: tn 2 fp 1; c: tn 3 fp 0
    assert m["per_class"]["a"]["specificity"] == pytest.approx(0.5)
    assert m["per_class"]["b"]["specificity"] == pytest.approx(2 / 3)
    assert m["per_class"]["c"]["specificity"] == pytest.approx(1.0)
    assert m["macro_specificity"] == pytest.approx((0.5 + 2 / 3 + 1.0) / 3)
    assert m["per_class"]["c"]["precision"] == 0.0  # zero_division=0, never predicted


def test_brier_multiclass_hand_computed():
    y = np.array([0, 2])
    p = np.array([[0.7, 0.2, 0.1], [0.2, 0.3, 0.5]])
    # (0.09 + 0.04 + 0.01 + 0.04 + 0.09 + 0.25) / 2
    assert brier_score(y, p, task="multiclass") == pytest.approx(0.26)
    m = compute_metrics(y, p, task="multiclass", labels=["a", "b", "c"])
    assert m["brier"] == pytest.approx(0.26)


def test_brier_multilabel_is_mean_of_binary():
    y = np.array([[1, 0], [0, 0]])
    p = np.array([[0.9, 0.4], [0.3, 0.0]])
    # label 0: (0.01 + 0.09) / 2 = 0.05; label 1: (0.16 + 0) / 2 = 0.08
    assert brier_score(y, p, task="multilabel") == pytest.approx(0.065)


@pytest.mark.parametrize(
    ("task", "y", "p", "n_bins", "expected"),
    [
        # top-label: bin (0.8, 1]: conf .9 right, .85 wrong -> 2/4 * |.5 - .875|
        #            bin (0.6, 0.8]: conf .7, .65 both right -> 2/4 * |1 - .675|
        (
            "multiclass",
            [0, 2, 1, 1],
            [[0.9, 0.05, 0.05], [0.85, 0.1, 0.05], [0.2, 0.7, 0.1], [0.3, 0.65, 0.05]],
            5,
            0.1875 + 0.1625,
        ),
        # one bin: top confidences .9 .65 .7 .85 (mean .775), argmax right 3 of 4 (.75)
        ("binary", [1, 1, 0, 0], [[0.1, 0.9], [0.35, 0.65], [0.3, 0.7], [0.85, 0.15]], 1, 0.025),
        # two bins: (0, .5] empty; (.5, 1] as above
        ("binary", [1, 1, 0, 0], [[0.1, 0.9], [0.35, 0.65], [0.3, 0.7], [0.85, 0.15]], 2, 0.025),
        # four bins: (.5,.75]: .65 right, .7 wrong -> 2/4*|.5-.675|; (.75,1]: both right
        #   -> 2/4*|1-.875|; total .0875 + .0625
        ("binary", [1, 1, 0, 0], [[0.1, 0.9], [0.35, 0.65], [0.3, 0.7], [0.85, 0.15]], 4, 0.15),
        # per label: |1-.95|/2 + |0-.05|/2 = .05 and |.5-.75| = .25; mean .15
        ("multilabel", [[1, 1], [0, 0]], [[0.95, 0.75], [0.05, 0.75]], 10, 0.15),
    ],
)
def test_ece_hand_computed(task, y, p, n_bins, expected):
    got = expected_calibration_error(np.array(y), np.array(p), task=task, n_bins=n_bins)
    assert got == pytest.approx(expected)


def test_reliability_curve_bins():
    y = np.array([0, 2, 1, 1])
    p = np.array([[0.9, 0.05, 0.05], [0.85, 0.1, 0.05], [0.2, 0.7, 0.1], [0.3, 0.65, 0.05]])
    curve = reliability_curve(y, p, task="multiclass", n_bins=5)
    assert curve["bin_count"] == [0, 0, 0, 2, 2]
    assert curve["bin_confidence"][:3] == [None, None, None]
    assert curve["bin_confidence"][3:] == pytest.approx([0.675, 0.875])
    assert curve["bin_accuracy"][3:] == pytest.approx([1.0, 0.5])
    assert curve["bin_edges"] == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_absent_class_gives_none_auroc_and_macro_over_defined():
    y, p = make_data("multiclass", n=120, seed=1)
    p = p[y != 3]
    y = y[y != 3]
    m = compute_metrics(y, p, task="multiclass", labels=LABELS["multiclass"])
    assert m["per_class"]["d"]["auroc"] is None
    assert m["per_class"]["d"]["auprc"] is None
    assert m["per_class"]["d"]["support"] == 0
    defined = [m["per_class"][c]["auroc"] for c in "abc"]
    assert m["macro_auroc"] == pytest.approx(np.mean(defined))
    json.dumps(m, allow_nan=False)


@pytest.mark.parametrize("task", ["binary", "multilabel"])
def test_no_class_defined_gives_none_macro(task):
    if task == "binary":
        y, p = np.ones(6, dtype=int), np.tile([0.3, 0.7], (6, 1))
    else:
        y, p = np.ones((6, 4), dtype=int), np.full((6, 4), 0.6)
    m = compute_metrics(y, p, task=task, labels=LABELS[task])
    assert m["macro_auroc"] is None
    assert m["macro_auprc"] is None
    ci = bootstrap_ci(y, p, task=task, labels=LABELS[task], n_boot=20)
    assert ci["macro_auroc"] == [None, None]
    assert ci["accuracy"][0] is not None


@pytest.mark.parametrize(
    ("task", "y", "p", "labels", "fragments"),
    [
        ("multiclass", np.zeros(5), np.full(5, 0.5), "abc", ["(n, 3)", "(5,)"]),
        ("multiclass", np.zeros(5), np.full((5, 2), 0.5), "abc", ["(n, 3)", "(5, 2)"]),
        ("multiclass", np.zeros(4), np.full((5, 3), 1 / 3), "abc", ["(5,)", "(4,)"]),
        ("multilabel", np.zeros(5), np.full((5, 3), 0.5), "abc", ["(5, 3)", "(5,)"]),
        ("binary", np.zeros(5), np.full((5, 3), 1 / 3), "abc", ["exactly 2", "got 3"]),
        ("multiclass", np.array([0, 3]), np.full((2, 3), 1 / 3), "abc", ["0..2", "row 1"]),
        ("multiclass", np.array([0, 1]), np.full((2, 3), 0.5), "abc", ["sum to 1", "row 0"]),
        ("multilabel", np.full((2, 3), 2), np.full((2, 3), 0.5), "abc", ["only 0 and 1"]),
        ("multilabel", np.zeros((2, 3)), np.full((2, 3), 1.5), "abc", ["[0, 1]"]),
    ],
)
def test_bad_inputs_raise_naming_shapes(task, y, p, labels, fragments):
    with pytest.raises(MeddxError) as info:
        compute_metrics(y, p, task=task, labels=list(labels))
    for fragment in fragments:
        assert fragment in str(info.value)


def test_bad_task_and_options_are_config_errors():
    y, p = make_data("multiclass", n=20)
    with pytest.raises(ConfigError, match="'binary', 'multiclass', 'multilabel'.*'multi'"):
        compute_metrics(y, p, task="multi", labels=LABELS["multiclass"])
    with pytest.raises(ConfigError, match="threshold"):
        compute_metrics(y, p, task="multiclass", labels=LABELS["multiclass"], threshold=2)
    with pytest.raises(ConfigError, match="did you mean 'macro_f1'"):
        bootstrap_ci(y, p, task="multiclass", labels=LABELS["multiclass"], metrics=["macro_f"])
    with pytest.raises(ConfigError, match="ci"):
        bootstrap_ci(y, p, task="multiclass", labels=LABELS["multiclass"], ci=1.0)


@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel"])
def test_evaluate_ci_contains_point_estimate(task):
    y, p = make_data(task, n=250, seed=7, signal=1.0)
    result = evaluate(y, p, task=task, labels=LABELS[task], n_boot=200, seed=1)
    assert result["ci_level"] == 0.95
    assert set(result["ci95"]) == set(ev.DEFAULT_CI_METRICS)
    for name, (lo, hi) in result["ci95"].items():
        assert lo <= hi, name
        assert lo <= result[name] <= hi, name
    json.dumps(result, allow_nan=False)


def test_bootstrap_is_deterministic_by_seed_and_level_changes_width():
    y, p = make_data("multiclass", n=150, seed=2)
    kw = {"task": "multiclass", "labels": LABELS["multiclass"], "n_boot": 100}
    assert bootstrap_ci(y, p, seed=4, **kw) == bootstrap_ci(y, p, seed=4, **kw)
    assert bootstrap_ci(y, p, seed=4, **kw) != bootstrap_ci(y, p, seed=5, **kw)
    wide = bootstrap_ci(y, p, seed=4, ci=0.99, metrics=["accuracy"], **kw)["accuracy"]
    narrow = bootstrap_ci(y, p, seed=4, ci=0.5, metrics=["accuracy"], **kw)["accuracy"]
    assert wide[0] <= narrow[0] <= narrow[1] <= wide[1]
    result = evaluate(y, p, task="multiclass", labels=LABELS["multiclass"], n_boot=50, ci=0.9)
    assert result["ci_level"] == 0.9 and "ci95" in result


def test_bootstrap_zero_resamples_gives_no_interval():
    y, p = make_data("binary", n=30)
    ci = bootstrap_ci(y, p, task="binary", labels=["neg", "pos"], n_boot=0)
    assert ci == {name: [None, None] for name in ev.DEFAULT_CI_METRICS}


def test_bootstrap_is_fast_and_draws_progress(capsys):
    y, p = make_data("multiclass", n=600, seed=0, k=5)
    labels = ["a", "b", "c", "d", "e"]
    start = time.perf_counter()
    bootstrap_ci(y, p, task="multiclass", labels=labels, n_boot=1000)
    assert time.perf_counter() - start < 10.0
    bootstrap_ci(y, p, task="multiclass", labels=labels, n_boot=3, quiet=False)
    assert "bootstrap" in capsys.readouterr().err


def test_import_is_light():
    code = (
        "import sys, meddx.evaluate; "
        "print(sorted(m for m in ('matplotlib', 'jinja2', 'sklearn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
