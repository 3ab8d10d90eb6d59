"""Decision thresholds chosen on validation data, one class at a time (one-vs-rest).

The rule a threshold defines is "flag class X when its probability is >= threshold". Three
criteria:

* ``f1``: the threshold with the highest F1 for class X;
* ``youden``: the highest Youden's J (sensitivity + specificity - 1);
* ``sensitivity``: the highest threshold whose sensitivity (recall) reaches
  ``target_sensitivity``, i.e. the best specificity that still meets the target; the
  specificity that results is stated.

The threshold returned lies halfway between the chosen probability and the next lower one
seen, so the validation rows are classified exactly as scored, with a margin on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx.errors import ConfigError, DataError

__all__ = ["CRITERIA", "select_threshold", "select_thresholds"]

CRITERIA = ("f1", "youden", "sensitivity")


def _class_index(positive: Any, labels: list[str], task: str) -> int:
    if positive is None:
        if task == "binary":
            return 1
        raise ConfigError(f"positive: name the class to threshold; one of: {', '.join(labels)}")
    if isinstance(positive, int | np.integer) and not isinstance(positive, bool):
        if 0 <= int(positive) < len(labels):
            return int(positive)
    elif str(positive) in labels:
        return labels.index(str(positive))
    raise ConfigError(f"positive: unknown class {positive!r}; one of: {', '.join(labels)}")


def _prepare(y_true: Any, proba: Any, labels: Sequence[str] | None) -> tuple[np.ndarray, ...]:
    from meddx.evaluate import check_inputs, infer_task

    task = infer_task(proba, y_true)
    k = np.shape(proba)[1]
    names = [str(x) for x in labels] if labels is not None else [str(i) for i in range(k)]
    y, p = check_inputs(y_true, proba, task=task, labels=names)
    return y, p, names, task


def select_threshold(
    y_true: Any,
    proba: Any,
    *,
    positive: str | int | None = None,
    criterion: str | None = None,
    target_sensitivity: float | None = None,
    labels: Sequence[str] | None = None,
    split: str = "validation",
) -> dict[str, Any]:
    """Choose the threshold on class ``positive``'s probability; a JSON-serialisable dict.

    ``y_true`` holds class indices (n,) or, for multilabel, an (n, k) 0/1 matrix; ``proba`` is
    (n, k). ``positive`` is a label name (with ``labels``) or a class index; binary tasks
    default to class 1. ``criterion`` defaults to ``sensitivity`` when ``target_sensitivity``
    is given, else ``f1``. ``split`` only names the data in the ``statement``.
    """
    y, p, names, task = _prepare(y_true, proba, labels)
    j = _class_index(positive, names, task)
    if criterion is None:
        criterion = "sensitivity" if target_sensitivity is not None else "f1"
    if criterion not in CRITERIA:
        raise ConfigError(f"criterion must be one of {', '.join(CRITERIA)}; got {criterion!r}")
    if criterion == "sensitivity":
        if target_sensitivity is None or not 0 < float(target_sensitivity) <= 1:
            raise ConfigError("target_sensitivity must be a number in (0, 1] with criterion "
                              f"'sensitivity'; got {target_sensitivity!r}")
        target_sensitivity = float(target_sensitivity)
    elif target_sensitivity is not None:
        raise ConfigError(f"target_sensitivity is only used with criterion 'sensitivity', "
                          f"not {criterion!r}")

    positive_rows = (y[:, j] == 1) if task == "multilabel" else (y == j)
    score = p[:, j]
    n, n_pos = len(score), int(positive_rows.sum())
    if n_pos == 0:
        raise DataError(f"class '{names[j]}' has no positive rows in the {split} data; a "
                        "threshold cannot be chosen for it")
    n_neg = n - n_pos

    order = np.argsort(-score, kind="mergesort")
    s = score[order]
    last = np.r_[np.flatnonzero(np.diff(s)), n - 1]  # one candidate per distinct score
    tp = np.cumsum(positive_rows[order])[last].astype(np.float64)
    fp = (last + 1) - tp
    sens = tp / n_pos
    spec = 1.0 - fp / n_neg if n_neg else np.full_like(sens, np.nan)
    prec = tp / (tp + fp)
    f1 = 2 * tp / (tp + fp + n_pos)
    youden = sens + spec - 1.0

    if criterion == "f1":
        i = int(np.argmax(f1))
    elif criterion == "youden":
        i = int(np.nanargmax(youden)) if n_neg else int(np.argmax(sens))
    else:
        i = int(np.flatnonzero(sens >= target_sensitivity - 1e-12)[0])
    chosen = float(s[last[i]])
    lower = float(s[last[i + 1]]) if i + 1 < len(last) else 0.0
    threshold = (chosen + lower) / 2.0 if i + 1 < len(last) else chosen

    def num(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    out: dict[str, Any] = {
        "class": names[j],
        "class_index": j,
        "criterion": criterion,
        "target_sensitivity": target_sensitivity,
        "threshold": threshold,
        "sensitivity": float(sens[i]),
        "specificity": num(spec[i]),
        "precision": float(prec[i]),
        "f1": float(f1[i]),
        "youden_j": num(youden[i]),
        "target_met": None if target_sensitivity is None else bool(sens[i] >= target_sensitivity - 1e-12),
        "split": split,
        "n": n,
        "n_positive": n_pos,
        "rule": f"flag '{names[j]}' when its probability is >= threshold",
    }
    spec_text = "n/a" if out["specificity"] is None else f"{out['specificity']:.3f}"
    goal = (f" (target >= {target_sensitivity:.3f})" if target_sensitivity is not None else
            f" (maximising {'F1' if criterion == 'f1' else 'Youden J'})")
    out["statement"] = (f"threshold {threshold:.4f} on p('{names[j]}') gives sensitivity "
                        f"{out['sensitivity']:.3f}{goal} and specificity {spec_text} on the "
                        f"{split} split (n={n}, {n_pos} positive)")
    return out


def select_thresholds(
    y_true: Any,
    proba: Any,
    *,
    criterion: str | None = None,
    target_sensitivity: float | None = None,
    labels: Sequence[str] | None = None,
    split: str = "validation",
) -> dict[str, dict[str, Any]]:
    """:func:`select_threshold` for every class (binary: the positive class only), by label.

    A class without positive rows gets ``{"class": ..., "error": "..."}`` instead of failing
    the others.
    """
    _, _, names, task = _prepare(y_true, proba, labels)
    classes = [1] if task == "binary" else list(range(len(names)))
    out: dict[str, dict[str, Any]] = {}
    for j in classes:
        try:
            out[names[j]] = select_threshold(
                y_true, proba, positive=j, criterion=criterion,
                target_sensitivity=target_sensitivity, labels=names, split=split)
        except DataError as exc:
            out[names[j]] = {"class": names[j], "error": str(exc)}
    return out
