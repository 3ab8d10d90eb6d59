"""Calibration: expected calibration error, reliability curves and the Brier score.

Bins are ``n_bins`` equal-width intervals of [0, 1], closed on the right, (lo, hi]; a
confidence of exactly 0 falls in the first bin.

* Single-label tasks (binary, multiclass) use the *top-label* confidence: the largest
  probability of a row, and whether its argmax is the true class.
* Multilabel tasks look at each label's probability of being present, compared with whether
  it is present: the ECE is the mean of the per-label ECEs, and the reliability curve pools
  every (row, label) pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx.evaluate._validate import check_inputs, check_int, check_task

__all__ = ["brier_score", "expected_calibration_error", "reliability_curve"]


def expected_calibration_error(y_true: Any, proba: Any, *, task: str, n_bins: int = 15) -> float:
    """Expected calibration error (ECE) of ``proba`` against ``y_true``; 0 is perfect."""
    y, p = check_inputs(y_true, proba, task=task, labels=_dummy_labels(proba, task))
    return _ece(y, p, task, check_int("n_bins", n_bins, minimum=1))


def reliability_curve(y_true: Any, proba: Any, *, task: str, n_bins: int = 15) -> dict[str, list]:
    """Per-bin mean confidence, observed accuracy (frequency) and count, for plotting.

    Returns ``bin_edges`` (n_bins + 1 floats) and, per bin, ``bin_confidence``,
    ``bin_accuracy`` (``None`` for an empty bin) and ``bin_count``.
    """
    y, p = check_inputs(y_true, proba, task=task, labels=_dummy_labels(proba, task))
    n_bins = check_int("n_bins", n_bins, minimum=1)
    conf, hit = _confidence(y, p, task)
    count, sum_conf, sum_hit = _binned(conf.ravel(), hit.ravel(), n_bins)
    nonempty = count > 0
    mean_conf = np.divide(sum_conf, count, out=np.zeros(n_bins), where=nonempty)
    mean_hit = np.divide(sum_hit, count, out=np.zeros(n_bins), where=nonempty)
    return {
        "bin_edges": np.linspace(0.0, 1.0, n_bins + 1).tolist(),
        "bin_confidence": [
            float(c) if e else None for c, e in zip(mean_conf, nonempty, strict=True)
        ],
        "bin_accuracy": [float(a) if e else None for a, e in zip(mean_hit, nonempty, strict=True)],
        "bin_count": [int(c) for c in count],
    }


def brier_score(y_true: Any, proba: Any, *, task: str) -> float:
    """Brier score; 0 is perfect.

    Single-label: mean over rows of sum over classes of (p_k - onehot_k)^2 (the multiclass
    Brier score, in [0, 2]). Multilabel: the mean of the per-label binary Brier scores.
    """
    y, p = check_inputs(y_true, proba, task=task, labels=_dummy_labels(proba, task))
    return _brier(y, p, task)


# -- internals shared with the metrics and the bootstrap (no validation) ----------------------


def _confidence(y: np.ndarray, p: np.ndarray, task: str) -> tuple[np.ndarray, np.ndarray]:
    """Confidences and 0/1 hits: top-label for single-label, per-label for multilabel."""
    if task == "multilabel":
        return p, y.astype(np.float64)
    top = p.argmax(axis=1)
    return p[np.arange(len(p)), top], (top == y).astype(np.float64)


def _binned(
    conf: np.ndarray, hit: np.ndarray, n_bins: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-bin count, sum of confidences and sum of hits, bins (lo, hi]."""
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.searchsorted(edges, conf, side="left") - 1
    np.clip(idx, 0, n_bins - 1, out=idx)
    count = np.bincount(idx, minlength=n_bins)
    sum_conf = np.bincount(idx, weights=conf, minlength=n_bins)
    sum_hit = np.bincount(idx, weights=hit, minlength=n_bins)
    return count, sum_conf, sum_hit


def ece_1d(conf: np.ndarray, hit: np.ndarray, n_bins: int) -> float:
    _, sum_conf, sum_hit = _binned(conf, hit, n_bins)
    return float(np.abs(sum_hit - sum_conf).sum() / len(conf))


def _ece(y: np.ndarray, p: np.ndarray, task: str, n_bins: int) -> float:
    conf, hit = _confidence(y, p, task)
    if task != "multilabel":
        return ece_1d(conf, hit, n_bins)
    return float(np.mean([ece_1d(conf[:, j], hit[:, j], n_bins) for j in range(p.shape[1])]))


def _brier(y: np.ndarray, p: np.ndarray, task: str) -> float:
    if task == "multilabel":
        return float(np.mean((p - y) ** 2))
    onehot = np.zeros_like(p)
    onehot[np.arange(len(y)), y] = 1.0
    return float(np.mean(np.sum((p - onehot) ** 2, axis=1)))


def _dummy_labels(proba: Any, task: str) -> Sequence[str]:
    """Class names for validation when the caller gives none (only the count matters)."""
    check_task(task)
    shape = np.shape(proba)
    k = shape[1] if len(shape) == 2 else 2
    return [str(i) for i in range(k)]
