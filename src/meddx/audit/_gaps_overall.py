"""Overall gaps between groups, over all classes at once: accuracy and macro-F1.

The per-class gaps of ``_gaps`` say which class a group is served worse on; these say whether
a group is served worse overall. Each is the largest group value minus the smallest. Its
interval is built as the per-class ones are: ``value ± h``, ``h`` being the ``ci`` quantile
of the same max-minus-min gap when group membership carries no information, here drawn by
permuting the group labels over the rows (``n_boot`` times), which keeps each group's size.
A gap is flagged when the interval excludes 0 and the gap exceeds the tolerance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["OVERALL_GAP_METRICS", "overall_gaps"]

OVERALL_GAP_METRICS = ("accuracy_difference", "macro_f1_difference")


def _per_group(codes: np.ndarray, n_groups: int, y: np.ndarray, pred: np.ndarray,
               multilabel: bool) -> tuple[np.ndarray, np.ndarray]:
    """Accuracy and macro-F1 of each group (NaN for an empty group)."""
    size = np.bincount(codes, minlength=n_groups).astype(np.float64)
    if multilabel:
        correct = np.all(y == pred, axis=1)
        ys, ps = y.T, pred.T  # one-vs-rest per label
    else:
        correct = y == pred
        k = int(max(y.max(initial=0), pred.max(initial=0))) + 1
        ys = np.stack([(y == j) for j in range(k)])
        ps = np.stack([(pred == j) for j in range(k)])
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.bincount(codes, weights=correct.astype(np.float64),
                               minlength=n_groups) / size
        f1s = []
        for t, s in zip(ys, ps, strict=True):
            tp = np.bincount(codes, weights=(t & s).astype(np.float64), minlength=n_groups)
            pos = np.bincount(codes, weights=t.astype(np.float64), minlength=n_groups)
            sel = np.bincount(codes, weights=s.astype(np.float64), minlength=n_groups)
            den = pos + sel
            f1s.append(np.where(den > 0, 2 * tp / np.maximum(den, 1), 0.0))
        macro_f1 = np.where(size > 0, np.mean(f1s, axis=0), np.nan)
    return np.where(size > 0, accuracy, np.nan), macro_f1


def _range(values: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.nanmax(values, axis=-1) - np.nanmin(values, axis=-1)


def overall_gaps(y: np.ndarray, pred: np.ndarray, codes: np.ndarray, group_names: list[str], *,
                 group_column: str, n_boot: int, ci: float, tolerance: float,
                 rng: np.random.Generator, multilabel: bool = False) -> list[dict[str, Any]]:
    """The accuracy and macro-F1 gaps of one grouping, with permutation-null intervals."""
    n_groups = len(group_names)
    points = _per_group(codes, n_groups, y, pred, multilabel)
    nulls: list[list[float]] = [[], []]
    for _ in range(max(n_boot, 0)):
        perm = rng.permutation(codes)
        for store, values in zip(nulls, _per_group(perm, n_groups, y, pred, multilabel),
                                 strict=True):
            store.append(float(_range(values)))
    out = []
    for metric, values, null in zip(OVERALL_GAP_METRICS, points, nulls, strict=True):
        entry: dict[str, Any] = {
            "group_column": group_column, "metric": metric, "class": None, "value": None,
            "ci95": [None, None], "flagged": False, "higher_group": None, "lower_group": None,
            "based_on": metric.removesuffix("_difference"), "null_value": 0.0,
            "tolerance": tolerance, "n_groups": n_groups, "ci_level": ci, "ci_classes": 1,
            "n_boot": int(max(n_boot, 0)),
        }
        defined = np.flatnonzero(~np.isnan(values))
        if len(defined) < 2:
            entry["note"] = "defined for fewer than two groups"
            out.append(entry)
            continue
        hi = int(defined[np.argmax(values[defined])])
        rest = defined[defined != hi]
        lo = int(rest[np.argmin(values[rest])])
        value = float(values[hi] - values[lo])
        entry.update(value=value, higher_group=group_names[hi], lower_group=group_names[lo])
        if null:
            h = float(np.quantile(null, ci, method="higher"))
            entry["ci95"] = [max(0.0, value - h), min(1.0, value + h)]
            entry["flagged"] = bool(entry["ci95"][0] > 0.0 and value > tolerance)
        out.append(entry)
    return out
