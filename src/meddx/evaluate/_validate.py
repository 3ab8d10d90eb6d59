"""Checks on the inputs of every evaluation function.

Errors name the argument, what was expected and what was received (shapes, allowed values);
they never echo values from the data beyond a class index or a row number.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx.errors import ConfigError, MeddxError

TASKS = ("binary", "multiclass", "multilabel")

# Row sums of single-label probabilities may drift from 1 by float32 softmax rounding.
_ROW_SUM_TOL = 1e-3


def check_task(task: Any) -> str:
    if task not in TASKS:
        allowed = ", ".join(repr(t) for t in TASKS)
        raise ConfigError(f"task must be one of {allowed}; got {task!r}")
    return task


def check_unit_interval(name: str, value: Any, *, closed: bool = True) -> float:
    """``value`` as a float in [0, 1] (``closed``) or (0, 1) (open)."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        out = float("nan")
    ok = 0.0 <= out <= 1.0 if closed else 0.0 < out < 1.0
    if not ok:
        interval = "[0, 1]" if closed else "(0, 1)"
        raise ConfigError(f"{name} must be a number in {interval}; got {value!r}")
    return out


def check_int(name: str, value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ConfigError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def check_metric_names(names: Sequence[str], allowed: Sequence[str]) -> tuple[str, ...]:
    if isinstance(names, str):
        names = (names,)
    for name in names:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"unknown metric {name!r} in metrics{hint}; allowed: {', '.join(allowed)}"
            )
    return tuple(names)


def check_inputs(
    y_true: Any, proba: Any, *, task: str, labels: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Validate and convert ``y_true`` and ``proba``.

    Returns ``y_true`` as int64, shape (n,) for single-label tasks and (n, k) of 0/1 for
    multilabel, and ``proba`` as float64 (n, k).
    """
    task = check_task(task)
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise ConfigError(f"labels must be a list of class names; got {type(labels).__name__}")
    labels = [str(label) for label in labels]
    k = len(labels)
    if len(set(labels)) != k:
        dupes = sorted({label for label in labels if labels.count(label) > 1})
        raise ConfigError(f"labels must be unique; repeated: {', '.join(dupes)}")
    if task == "binary" and k != 2:
        raise MeddxError(f"task 'binary' needs exactly 2 labels; got {k} labels")
    if task != "binary" and k < 2:
        raise MeddxError(f"task {task!r} needs at least 2 labels; got {k}")

    proba = np.asarray(proba, dtype=np.float64)
    if proba.ndim != 2 or proba.shape[1] != k:
        raise MeddxError(f"proba must have shape (n, {k}) for {k} labels; got shape {proba.shape}")
    n = proba.shape[0]
    if n == 0:
        raise MeddxError("proba has no rows (shape (0, k)); nothing to evaluate")
    if not np.all(np.isfinite(proba)):
        raise MeddxError("proba contains NaN or infinite values")
    if proba.min() < 0.0 or proba.max() > 1.0:
        raise MeddxError(
            f"proba values must lie in [0, 1]; got min {proba.min():.4g}, max {proba.max():.4g}"
        )

    y = np.asarray(y_true)
    if task == "multilabel":
        if y.shape != (n, k):
            raise MeddxError(
                f"y_true must have shape ({n}, {k}) to match proba for task 'multilabel'; "
                f"got shape {y.shape}"
            )
        y = _as_int(y)
        if y.size and not np.isin(y, (0, 1)).all():
            raise MeddxError("y_true for task 'multilabel' must contain only 0 and 1")
        return y, proba

    if y.shape != (n,):
        raise MeddxError(
            f"y_true must have shape ({n},) (one class index per row of proba) for task "
            f"{task!r}; got shape {y.shape}"
        )
    y = _as_int(y)
    bad = np.flatnonzero((y < 0) | (y >= k))
    if bad.size:
        raise MeddxError(
            f"y_true must hold class indices 0..{k - 1}; row {int(bad[0])} has {int(y[bad[0]])}"
        )
    sums = proba.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1.0) > _ROW_SUM_TOL)
    if off.size:
        raise MeddxError(
            f"proba rows must sum to 1 for task {task!r}; row {int(off[0])} sums to "
            f"{sums[off[0]]:.4g} ({off.size} rows off)"
        )
    return y, proba


def _as_int(y: np.ndarray) -> np.ndarray:
    if y.dtype == bool or np.issubdtype(y.dtype, np.integer):
        return y.astype(np.int64)
    if np.issubdtype(y.dtype, np.floating):
        if not np.all(np.isfinite(y)) or not np.all(y == np.round(y)):
            raise MeddxError("y_true must hold whole numbers (class indices or 0/1)")
        return y.astype(np.int64)
    raise MeddxError(f"y_true must be numeric; got dtype {y.dtype}")
