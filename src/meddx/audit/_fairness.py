"""Subgroup audit of a classifier's predictions with fairlearn's ``MetricFrame``.

Per group of every group column (and of intersections such as ``sex*age_band``): support,
accuracy and ECE of the whole prediction, and per class, one-vs-rest, the number of positive
rows, TPR, FPR, precision, F1, AUROC, ECE and selection rate. Binary tasks report the
positive class (index 1); multiclass tasks every class; multilabel tasks every label.
Then the gaps of :mod:`meddx.audit._gaps` with bootstrap intervals and a verdict, per class,
and the overall accuracy and macro-F1 gaps of :mod:`meddx.audit._gaps_overall`.

Rules on groups: a missing value is its own group, ``(missing)``. A group of one row in a
group column is an error; in an intersection, cells of one row are left out of that
intersection with a warning. Groups smaller than ``min_group_size`` are kept and warned about.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import pandas as pd

from meddx.audit._gaps import cell_counts, gaps_for_class
from meddx.audit._gaps_overall import overall_gaps
from meddx.errors import ConfigError, DataError, ModelError, require

__all__ = ["FairnessAuditor", "check_single_row_groups", "fairness_audit"]

log = logging.getLogger("meddx")

_MISSING = "(missing)"


class FairnessAuditor:
    """Audit predictions per group; see the module docstring.

    Parameters (keyword-only): ``tolerance`` (smallest difference worth flagging),
    ``ratio_tolerance`` (a demographic parity ratio below ``1 - ratio_tolerance`` may be
    flagged; 0.2 is the four-fifths rule), ``n_boot`` and ``ci`` (bootstrap intervals, see
    :mod:`meddx.audit._gaps`), ``min_group_size`` (smaller groups get a
    warning), ``intersections`` (``"pairs"`` of group columns, ``"all"`` columns crossed,
    ``"none"``, or a list of column lists), ``threshold`` (multilabel decision threshold),
    ``ece_bins`` and ``seed``.

    Fitted attributes: ``task_``, ``labels_``, ``n_``, ``group_columns_`` (including the
    intersections), ``subgroups_``, ``gaps_`` and ``warnings_``.
    """

    def __init__(
        self,
        *,
        tolerance: float = 0.1,
        ratio_tolerance: float = 0.2,
        n_boot: int = 500,
        ci: float = 0.95,
        min_group_size: int = 30,
        intersections: str | Sequence[Sequence[str]] = "pairs",
        threshold: float = 0.5,
        ece_bins: int = 15,
        seed: int = 0,
    ) -> None:
        self.tolerance = tolerance
        self.ratio_tolerance = ratio_tolerance
        self.n_boot = n_boot
        self.ci = ci
        self.min_group_size = min_group_size
        self.intersections = intersections
        self.threshold = threshold
        self.ece_bins = ece_bins
        self.seed = seed

    def get_params(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (
            "tolerance", "ratio_tolerance", "n_boot", "ci", "min_group_size",
            "intersections", "threshold", "ece_bins", "seed")}

    # -- fit ------------------------------------------------------------------------------

    def fit(self, y_true: Any, proba: Any, groups: Any, *,
            labels: Sequence[str] | None = None) -> Self:
        """Audit ``proba`` (n, k) against ``y_true`` for the group columns in ``groups``
        (a DataFrame or a mapping of column name to n values); returns ``self``."""
        from meddx.evaluate import check_inputs, check_int, check_unit_interval, infer_task

        self._check_params(check_int, check_unit_interval)
        task = infer_task(proba, y_true)
        k = np.shape(proba)[1]
        names = [str(x) for x in labels] if labels is not None else [str(i) for i in range(k)]
        y, p = check_inputs(y_true, proba, task=task, labels=names)
        frame = _group_frame(groups, len(y))
        pred = (p >= self.threshold).astype(np.int64) if task == "multilabel" else p.argmax(1)
        classes = [1] if task == "binary" else list(range(k))

        self.warnings_: list[str] = []
        rng = np.random.default_rng(self.seed)
        subgroups: dict[str, Any] = {}
        gaps: list[dict[str, Any]] = []
        for view, cols in self._views(list(frame.columns)):
            columns = [frame[c].tolist() for c in cols]
            keys = pd.Series([" & ".join(t) for t in zip(*columns, strict=True)], dtype=object)
            keep = self._check_sizes(view, keys, single=len(cols) == 1)
            if keep is None:
                continue
            idx = np.flatnonzero(keep)
            table = _metric_frame(y[idx], p[idx], pred[idx], keys[keep].rename(view), task=task,
                                  labels=names, classes=classes, ece_bins=self.ece_bins)
            subgroups[view] = table
            group_names = list(table)
            codes = pd.Categorical(keys[keep], categories=group_names).codes.astype(np.int64)
            for j in classes:
                y_j = y[idx, j] if task == "multilabel" else (y[idx] == j).astype(np.int64)
                pred_j = pred[idx, j] if task == "multilabel" else (pred[idx] == j).astype(np.int64)
                counts = cell_counts(codes, len(group_names), y_j, pred_j)
                gaps += gaps_for_class(
                    counts, group_names, group_column=view, label=names[j], n_boot=self.n_boot,
                    ci=self.ci, tolerance=self.tolerance, ratio_tolerance=self.ratio_tolerance,
                    rng=rng, n_classes=len(classes))
            gaps += overall_gaps(y[idx], pred[idx], codes, group_names, group_column=view,
                                 n_boot=self.n_boot, ci=self.ci, tolerance=self.tolerance,
                                 rng=rng, multilabel=task == "multilabel")
        for message in self.warnings_:
            log.warning("audit: %s", message)
        self.task_ = task
        self.labels_ = names
        self.n_ = int(len(y))
        self.group_columns_ = list(subgroups)
        self.subgroups_ = subgroups
        self.gaps_ = gaps
        return self

    def to_dict(self) -> dict[str, Any]:
        """The ``fairness`` part of ``audit.json`` (also holds the flat ``gaps`` list)."""
        self._check_fitted()
        params = self.get_params()
        if not isinstance(params["intersections"], str):
            params["intersections"] = [list(c) for c in params["intersections"]]
        return {
            "n": self.n_,
            "task": self.task_,
            "labels": self.labels_,
            "settings": params,
            "group_columns": self.group_columns_,
            "subgroups": self.subgroups_,
            "gaps": self.gaps_,
            "n_flagged": sum(1 for g in self.gaps_ if g["flagged"]),
            "warnings": self.warnings_,
        }

    # -- internals ------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "gaps_"):
            raise ModelError("this FairnessAuditor is not fitted yet; call "
                             "fit(y_true, proba, groups) first")

    def _check_params(self, check_int, check_unit_interval) -> None:
        check_unit_interval("tolerance", self.tolerance)
        check_unit_interval("ratio_tolerance", self.ratio_tolerance)
        check_unit_interval("ci", self.ci, closed=False)
        check_unit_interval("threshold", self.threshold)
        check_int("n_boot", self.n_boot, minimum=0)
        check_int("min_group_size", self.min_group_size, minimum=1)
        check_int("ece_bins", self.ece_bins, minimum=1)
        check_int("seed", self.seed, minimum=0)

    def _views(self, columns: list[str]) -> list[tuple[str, list[str]]]:
        views = [(c, [c]) for c in columns]
        spec = self.intersections
        if spec == "none" or len(columns) < 2:
            combos: list[list[str]] = []
        elif spec == "pairs":
            combos = [list(c) for c in itertools.combinations(columns, 2)]
        elif spec == "all":
            combos = [columns]
        elif isinstance(spec, str):
            raise ConfigError(f"intersections must be 'pairs', 'all', 'none' or a list of column "
                              f"lists; got {spec!r}")
        else:
            combos = [list(c) for c in spec]
            for combo in combos:
                bad = [c for c in combo if c not in columns]
                if bad or len(combo) < 2:
                    raise ConfigError(f"intersections: {combo!r} must name two or more of the "
                                      f"group columns: {', '.join(columns)}")
        return views + [("*".join(c), c) for c in combos]

    def _check_sizes(self, view: str, keys: pd.Series, *, single: bool) -> np.ndarray | None:
        sizes = keys.value_counts()
        ones = sorted(sizes[sizes < 2].index)
        keep = np.ones(len(keys), dtype=bool)
        if ones and single:
            raise DataError(
                f"group '{ones[0]}' has only 1 row ({len(ones)} such group(s)); a subgroup "
                "audit needs at least 2 rows per group: merge small groups or drop those rows",
                column=view,
            )
        if ones:
            keep = ~keys.isin(ones).to_numpy()
            self.warnings_.append(f"{view}: {len(ones)} group(s) with a single row left out of "
                                  "this intersection")
        kept = sizes[sizes >= 2]
        if len(kept) < 2:
            self.warnings_.append(f"{view}: fewer than two groups with 2 or more rows; skipped")
            return None
        small = kept[kept < self.min_group_size].sort_values(kind="stable")
        if len(small):
            names = ", ".join(f"'{name}' ({int(size)})" for name, size in small.items())
            self.warnings_.append(
                f"{view}: {len(small)} group(s) have fewer than min_group_size="
                f"{self.min_group_size} rows: {names}; their figures and gaps are unreliable")
        return keep


def fairness_audit(y_true: Any, proba: Any, groups: Any, *, labels: Sequence[str] | None = None,
                   **params: Any) -> dict[str, Any]:
    """``FairnessAuditor(**params).fit(y_true, proba, groups, labels=labels).to_dict()``."""
    return FairnessAuditor(**params).fit(y_true, proba, groups, labels=labels).to_dict()


def check_single_row_groups(groups: pd.DataFrame, columns: list[str], *, where: str) -> None:
    """Raise the audit's error for a group column with a value of a single row among ``groups``
    (the rows the audit will score, e.g. the test split), so ``meddx train`` can stop before it
    trains rather than at its audit. Intersections are not checked: the audit drops their
    single-row groups with a warning."""
    if groups is None or not len(groups):
        return
    frame = _group_frame(groups[[c for c in columns if c in groups.columns]], len(groups))
    for col in frame.columns:
        sizes = frame[col].value_counts()
        ones = sorted(sizes[sizes < 2].index)
        if ones:
            raise DataError(
                f"group '{ones[0]}' has only 1 row in the {where} ({len(ones)} such group(s)); "
                "a subgroup audit needs at least 2 rows per group: merge small groups or drop "
                "those rows", column=col)


def _group_frame(groups: Any, n: int) -> pd.DataFrame:
    """Group columns as strings, missing values as ``(missing)``."""
    from meddx.data import is_missing, label_str

    frame = groups if isinstance(groups, pd.DataFrame) else pd.DataFrame(dict(groups))
    if frame.shape[1] == 0:
        raise ConfigError("groups: name at least one group column")
    if len(frame) != n:
        raise DataError(f"groups has {len(frame)} rows but there are {n} predictions")
    out = pd.DataFrame(index=range(n))
    for col in frame.columns:
        out[str(col)] = [_MISSING if is_missing(v) else label_str(v) for v in frame[col].tolist()]
    return out


def _metric_frame(y: np.ndarray, p: np.ndarray, pred: np.ndarray, keys: pd.Series, *,
                  task: str, labels: list[str], classes: list[int],
                  ece_bins: int) -> dict[str, Any]:
    """Per-group figures computed by fairlearn's MetricFrame, as a nested JSON-able dict."""
    metrics_mod = require("fairlearn.metrics", "audit")
    from meddx.evaluate import binary_ranking, ece_1d, expected_calibration_error

    def onevsrest(j: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if task == "multilabel":
            return y[rows, j], pred[rows, j], p[rows, j]
        return (y[rows] == j).astype(np.int64), (pred[rows] == j).astype(np.int64), p[rows, j]

    def class_figures(t: np.ndarray, d: np.ndarray, s: np.ndarray) -> dict[str, float | None]:
        tp, fp = float(np.sum(t * d)), float(np.sum((1 - t) * d))
        pos, neg = float(t.sum()), float(len(t) - t.sum())
        auroc = binary_ranking(t.astype(bool), s)[0]
        return {
            "n_positive": int(pos),
            "tpr": tp / pos if pos else None,
            "fpr": fp / neg if neg else None,
            "precision": tp / (tp + fp) if tp + fp else None,
            "f1": 2 * tp / (tp + pos + fp) if tp + pos + fp else None,
            "auroc": auroc,
            "ece": ece_1d(s, t.astype(np.float64), ece_bins),
            "selection_rate": float(d.mean()),
        }

    def figures(rows: np.ndarray, _unused: np.ndarray) -> dict[str, Any]:
        rows = np.asarray(rows, dtype=np.int64)
        if task == "multilabel":
            accuracy = float(np.mean(np.all(pred[rows] == y[rows], axis=1)))
        else:
            accuracy = float(np.mean(pred[rows] == y[rows]))
        return {
            "accuracy": accuracy,
            "ece": expected_calibration_error(y[rows], p[rows], task=task, n_bins=ece_bins),
            "per_class": {labels[j]: class_figures(*onevsrest(j, rows)) for j in classes},
        }

    # One metric returning every figure of a group: MetricFrame does the grouping once.
    rows = np.arange(len(keys))
    frame = metrics_mod.MetricFrame(metrics={"support": metrics_mod.count, "figures": figures},
                                    y_true=rows, y_pred=rows,
                                    sensitive_features=keys.reset_index(drop=True))
    table = frame.by_group
    return {str(group): {"support": int(table.loc[group, "support"]),
                         **table.loc[group, "figures"]} for group in table.index}
