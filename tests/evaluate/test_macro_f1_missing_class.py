"""macro-F1 leaves out a class that is neither present nor predicted (a bootstrap resample of a
small test split can miss a class): found by session 18's walk, where a perfect classifier on a
5/5/2 split got a macro-F1 interval of [0.667, 1.000] and an accuracy interval of [1, 1]."""

from __future__ import annotations

import numpy as np
from sklearn import metrics as skm

from meddx.evaluate import bootstrap_ci, compute_metrics

LABELS = ["a", "b", "c"]


def _perfect(y: list[int]) -> np.ndarray:
    return np.eye(3)[y] * 0.9 + 0.1 / 3


def test_a_perfect_classifier_has_a_perfect_macro_f1_interval():
    y = [0] * 5 + [1] * 5 + [2] * 2
    ci = bootstrap_ci(y, _perfect(y), task="multiclass", labels=LABELS, n_boot=300,
                      metrics=["accuracy", "macro_f1"])
    assert ci["accuracy"] == [1.0, 1.0]
    assert ci["macro_f1"] == [1.0, 1.0]


def test_a_class_absent_from_truth_and_predictions_is_left_out_as_scikit_learn_does():
    y = [0, 0, 1, 1, 1]
    p = _perfect([0, 1, 1, 1, 1])  # one class-0 note called class 1; class 2 nowhere
    got = compute_metrics(y, p, task="multiclass", labels=LABELS)["macro_f1"]
    want = skm.f1_score(y, [0, 1, 1, 1, 1], average="macro", labels=[0, 1, 2], zero_division=np.nan)
    assert got == want
    assert got > skm.f1_score(y, [0, 1, 1, 1, 1], average="macro", labels=[0, 1, 2], zero_division=0)


def test_a_class_predicted_but_absent_still_scores_zero():
    y = [0, 0, 1, 1]
    pred = [0, 2, 1, 1]  # class 2 predicted once, never true
    got = compute_metrics(y, _perfect(pred), task="multiclass", labels=LABELS)["macro_f1"]
    assert got == skm.f1_score(y, pred, average="macro", labels=[0, 1, 2], zero_division=np.nan)
    assert got < 1.0
