"""Point metrics of a classifier from true labels and predicted probabilities.

Three tasks:

* ``binary`` and ``multiclass`` (single-label): ``y_true`` holds class indices (n,), ``proba``
  is (n, k) with rows summing to 1, the prediction is the argmax.
* ``multilabel``: ``y_true`` is (n, k) of 0/1, ``proba`` holds independent probabilities, the
  prediction is ``proba >= threshold``.

Per-class figures are one-vs-rest. AUROC and AUPRC (average precision, as scikit-learn
defines it) of a class whose ``y_true`` has only one value are ``None`` and left out of the
macro mean. For ``binary`` the headline ``macro_auroc``/``macro_auprc`` are those of the
positive class (index 1). Precision, recall, specificity and F1 use zero_division=0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx.evaluate._calibration import _brier, _ece
from meddx.evaluate._validate import check_inputs, check_int, check_unit_interval

__all__ = ["SCALAR_METRICS", "compute_metrics"]

#: Every headline (scalar) metric, in report order; all can be bootstrapped.
SCALAR_METRICS = (
    "accuracy",
    "macro_f1",
    "micro_f1",
    "weighted_f1",
    "macro_precision",
    "macro_recall",
    "macro_specificity",
    "macro_auroc",
    "macro_auprc",
    "ece",
    "brier",
)
_COUNT_METRICS = frozenset(SCALAR_METRICS[:7])
_RANK_METRICS = frozenset({"macro_auroc", "macro_auprc"})


def compute_metrics(
    y_true: Any,
    proba: Any,
    *,
    task: str,
    labels: Sequence[str],
    threshold: float = 0.5,
    ece_bins: int = 15,
) -> dict[str, Any]:
    """Every metric of one set of predictions, as a JSON-serialisable dict.

    Keys: ``task``, ``labels``, ``n``, the :data:`SCALAR_METRICS`, ``per_class`` (label ->
    support, precision, recall, specificity, f1, auroc, auprc) and ``confusion_matrix``
    (k x k list, rows = true class, columns = predicted, for single-label tasks; label ->
    [[tn, fp], [fn, tp]] for multilabel). ``threshold`` and ``ece_bins`` are echoed back.
    """
    y, p = check_inputs(y_true, proba, task=task, labels=labels)
    threshold = check_unit_interval("threshold", threshold)
    ece_bins = check_int("ece_bins", ece_bins, minimum=1)
    labels = [str(label) for label in labels]

    parts: dict[str, Any] = {}
    scalars = _scalar_metrics(
        y,
        p,
        task=task,
        threshold=threshold,
        ece_bins=ece_bins,
        names=SCALAR_METRICS,
        parts=parts,
    )
    tp, fp, fn, tn = parts["counts"]
    precision, recall, specificity, f1 = _rates(tp, fp, fn, tn)
    support = tp + fn
    per_class = {
        label: {
            "support": int(support[j]),
            "precision": float(precision[j]),
            "recall": float(recall[j]),
            "specificity": float(specificity[j]),
            "f1": float(f1[j]),
            "auroc": parts["auroc"][j],
            "auprc": parts["auprc"][j],
        }
        for j, label in enumerate(labels)
    }
    if task == "multilabel":
        confusion: Any = {
            label: [[int(tn[j]), int(fp[j])], [int(fn[j]), int(tp[j])]]
            for j, label in enumerate(labels)
        }
    else:
        confusion = parts["confusion"].tolist()

    out: dict[str, Any] = {"task": task, "labels": labels, "n": int(len(p))}
    out.update(scalars)
    out["per_class"] = per_class
    out["confusion_matrix"] = confusion
    out["threshold"] = threshold
    out["ece_bins"] = ece_bins
    return out


# -- internals (no validation; the bootstrap calls these once per resample) -------------------


def _scalar_metrics(
    y: np.ndarray,
    p: np.ndarray,
    *,
    task: str,
    threshold: float,
    ece_bins: int,
    names: Sequence[str],
    parts: dict[str, Any] | None = None,
) -> dict[str, float | None]:
    """The requested scalar metrics only; fills ``parts`` with the per-class pieces."""
    out: dict[str, float | None] = {}
    wanted = set(names)
    if wanted & _COUNT_METRICS or parts is not None:
        pred = _predict(p, task, threshold)
        counts, confusion = _counts(y, pred, task, p.shape[1])
        tp, fp, fn, tn = counts
        precision, recall, specificity, f1 = _rates(tp, fp, fn, tn)
        support = tp + fn
        if task == "multilabel":
            accuracy = float(np.mean(np.all(pred == y, axis=1)))
        else:
            accuracy = float(tp.sum() / len(y))
        micro_den = 2 * tp.sum() + fp.sum() + fn.sum()
        out["accuracy"] = accuracy
        # a class neither present nor predicted (a bootstrap resample can miss a small class)
        # has no F1: it is left out of the mean, not scored 0 (as scikit-learn's
        # zero_division=np.nan does); a class predicted but absent, or present but never
        # predicted, still scores 0
        defined = (2 * tp + fp + fn) > 0
        out["macro_f1"] = float(f1[defined].mean()) if defined.any() else 0.0
        out["micro_f1"] = float(2 * tp.sum() / micro_den) if micro_den else 0.0
        total = support.sum()
        out["weighted_f1"] = float((f1 * support).sum() / total) if total else 0.0
        out["macro_precision"] = float(precision.mean())
        out["macro_recall"] = float(recall.mean())
        out["macro_specificity"] = float(specificity.mean())
        if parts is not None:
            parts["counts"] = counts
            parts["confusion"] = confusion
    if wanted & _RANK_METRICS or parts is not None:
        aurocs, auprcs = _per_class_ranking(y, p, task)
        out["macro_auroc"] = _headline(aurocs, task)
        out["macro_auprc"] = _headline(auprcs, task)
        if parts is not None:
            parts["auroc"], parts["auprc"] = aurocs, auprcs
    if "ece" in wanted:
        out["ece"] = _ece(y, p, task, ece_bins)
    if "brier" in wanted:
        out["brier"] = _brier(y, p, task)
    return {name: out[name] for name in names}


def _predict(p: np.ndarray, task: str, threshold: float) -> np.ndarray:
    if task == "multilabel":
        return (p >= threshold).astype(np.int64)
    return p.argmax(axis=1)


def _counts(
    y: np.ndarray, pred: np.ndarray, task: str, k: int
) -> tuple[tuple[np.ndarray, ...], np.ndarray | None]:
    """One-vs-rest (tp, fp, fn, tn) per class, and the k x k confusion matrix if single-label."""
    if task == "multilabel":
        tp = np.sum((y == 1) & (pred == 1), axis=0)
        fp = np.sum((y == 0) & (pred == 1), axis=0)
        fn = np.sum((y == 1) & (pred == 0), axis=0)
        tn = np.sum((y == 0) & (pred == 0), axis=0)
        return (tp, fp, fn, tn), None
    confusion = np.bincount(y * k + pred, minlength=k * k).reshape(k, k)
    tp = np.diag(confusion)
    fp = confusion.sum(axis=0) - tp
    fn = confusion.sum(axis=1) - tp
    tn = len(y) - tp - fp - fn
    return (tp, fp, fn, tn), confusion


def _rates(
    tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Precision, recall, specificity and F1 per class, 0 where undefined."""
    return (
        _div(tp, tp + fp),
        _div(tp, tp + fn),
        _div(tn, tn + fp),
        _div(2 * tp, 2 * tp + fp + fn),
    )


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = num.astype(np.float64)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def _per_class_ranking(
    y: np.ndarray, p: np.ndarray, task: str
) -> tuple[list[float | None], list[float | None]]:
    """One-vs-rest AUROC and average precision per class (None where undefined)."""
    aurocs: list[float | None] = []
    auprcs: list[float | None] = []
    for j in range(p.shape[1]):
        positive = y[:, j] == 1 if task == "multilabel" else y == j
        auroc, auprc = binary_ranking(positive, p[:, j])
        aurocs.append(auroc)
        auprcs.append(auprc)
    return aurocs, auprcs


def binary_ranking(positive: np.ndarray, score: np.ndarray) -> tuple[float | None, float | None]:
    """AUROC (trapezoidal, ties averaged) and average precision, as scikit-learn computes them.

    Both come from one sort; ``(None, None)`` when ``positive`` has a single value.
    """
    points = _curve_points(positive, score)
    if points is None:
        return None, None
    fpr, tpr, precision = points
    auroc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])) / 2.0)
    auprc = float(np.sum(np.diff(tpr) * precision))
    return auroc, auprc


def _curve_points(
    positive: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """ROC points ``(fpr, tpr)`` from (0, 0), one per distinct score, and the precision at each.

    ``tpr[1:]`` is the recall matching ``precision``. None when ``positive`` has one value.
    """
    n = len(score)
    n_pos = int(positive.sum())
    if n_pos == 0 or n_pos == n:
        return None
    order = np.argsort(-score, kind="mergesort")
    score_sorted = score[order]
    # last index of each run of equal scores: one point of the curve per distinct threshold
    last = np.r_[np.flatnonzero(np.diff(score_sorted)), n - 1]
    tps = np.cumsum(positive[order])[last].astype(np.float64)
    fps = (last + 1) - tps
    tpr = np.r_[0.0, tps / n_pos]
    fpr = np.r_[0.0, fps / (n - n_pos)]
    return fpr, tpr, tps / (last + 1)


def _headline(values: list[float | None], task: str) -> float | None:
    if task == "binary":
        return values[1]
    defined = [v for v in values if v is not None]
    return float(np.mean(defined)) if defined else None
