"""Mitigation of subgroup gaps: before training (reweighting, resampling) and after it
(group-specific thresholds with fairlearn's ``ThresholdOptimizer``), and a table that
compares them.

* :func:`reweighting_weights`: Kamiran & Calders' reweighing. Each row of the cell
  (group ``g``, label ``y``) gets ``P(g) P(y) / P(g, y) = n_g n_y / (n n_gy)``: the weight
  the cell would have if group and label were independent. The weights average 1 (when a
  cell is empty, its share cannot be restored: the weights are rescaled to average 1).
* :func:`group_balanced_indices`: row indices that oversample every (group x label) cell,
  with replacement, to the size of the largest cell. Every original row is kept once.
* :class:`ThresholdMitigator`: post-processing of binary probabilities. It wraps the
  probabilities in a prefit estimator so that ``ThresholdOptimizer(prefit=True,
  predict_method="predict_proba")`` chooses (randomised) thresholds per group on the
  validation split; ``predict`` applies them to new rows. Multiclass and multilabel tasks
  are not supported in this version (a ``ConfigError`` says so).
* :func:`compare_mitigations`: macro-F1 and every gap of :class:`FairnessAuditor`, for each
  method beside a reference (``"none"``), in one long table.

Groups are given as one array of group values, a Series, or a DataFrame of group columns
(crossed, as ``F & 40-59``). A missing value is its own group, ``(missing)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

import numpy as np
import pandas as pd

from meddx.errors import ConfigError, DataError, ModelError, require

__all__ = [
    "CONSTRAINTS",
    "ThresholdMitigator",
    "compare_mitigations",
    "group_balanced_indices",
    "group_balanced_weights",
    "group_keys",
    "reweighting_weights",
]

CONSTRAINTS = (
    "equalized_odds",
    "demographic_parity",
    "true_positive_rate_parity",
    "false_positive_rate_parity",
    "false_negative_rate_parity",
    "true_negative_rate_parity",
)
OBJECTIVES = ("balanced_accuracy_score", "accuracy_score")


def group_keys(groups: Any, n: int) -> np.ndarray:
    """One string key per row: the group value, or the crossed values of several columns."""
    from meddx.audit._fairness import _group_frame

    if isinstance(groups, pd.DataFrame) or isinstance(groups, Mapping):
        frame = _group_frame(groups, n)
    else:
        values = groups.tolist() if hasattr(groups, "tolist") else list(groups)
        if values and isinstance(values[0], list | tuple | np.ndarray):
            raise DataError("groups must be one value per row, a Series or a DataFrame of group "
                            "columns")
        name = getattr(groups, "name", None) or "group"
        frame = _group_frame({str(name): values}, n)
    return np.array([" & ".join(t) for t in frame.itertuples(index=False, name=None)], dtype=object)


def seen_group_keys(groups: Any, n: int, fitted: Sequence[str], mitigator: str) -> np.ndarray:
    """:func:`group_keys`, each of which must be a group the ``mitigator`` was fitted on."""
    keys = group_keys(groups, n)
    unseen = sorted(set(keys.tolist()) - set(fitted))
    if unseen:
        raise DataError(f"group '{unseen[0]}' was not seen when the {mitigator} was fitted; "
                        f"fitted groups are: {', '.join(fitted)}")
    return keys


def _single_label(y: Any, what: str) -> np.ndarray:
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ConfigError(f"{what} supports single-label tasks only (y of shape (n,)); got y of "
                          f"shape {arr.shape}. Multilabel tasks are not supported in this version")
    if len(arr) == 0:
        raise DataError(f"{what}: y is empty")
    return arr


def _cells(y: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cell code per row, rows per cell) for the (group, label) cells that occur."""
    cell = pd.MultiIndex.from_arrays([keys, y.astype(str)])
    codes, uniques = pd.factorize(cell)
    return codes.astype(np.int64), np.bincount(codes, minlength=len(uniques))


def reweighting_weights(y: Any, groups: Any) -> np.ndarray:
    """Per-row weights ``n_g n_y / (n n_gy)`` (Kamiran & Calders' reweighing); mean 1.

    Under these weights, group and label are independent: every (group, label) cell weighs
    what the product of its group's and its label's shares predicts.
    """
    y = _single_label(y, "reweighting")
    keys = group_keys(groups, len(y))
    n = float(len(y))
    _, g_inv, g_counts = np.unique(keys, return_inverse=True, return_counts=True)
    _, y_inv, y_counts = np.unique(y, return_inverse=True, return_counts=True)
    codes, cell_counts = _cells(y, keys)
    w = g_counts[g_inv] * y_counts[y_inv] / (n * cell_counts[codes])
    return w / w.mean()  # already 1 when every (group, label) cell occurs


def group_balanced_weights(y: Any, groups: Any) -> np.ndarray:
    """Per-row draw weights ``1 / cell size``: every (group, label) cell that occurs is drawn
    equally often (what group-balanced resampling does in expectation)."""
    y = _single_label(y, "group-balanced resampling")
    codes, counts = _cells(y, group_keys(groups, len(y)))
    return 1.0 / counts[codes]


def group_balanced_indices(y: Any, groups: Any, seed: int = 0) -> np.ndarray:
    """Sorted row indices in which every (group, label) cell that occurs has as many rows as
    the largest one: each cell's rows once, then draws with replacement from the cell."""
    from meddx.evaluate import check_int

    check_int("seed", seed, minimum=0)
    y = _single_label(y, "group-balanced resampling")
    codes, counts = _cells(y, group_keys(groups, len(y)))
    rng = np.random.default_rng(seed)
    target = int(counts.max())
    parts = []
    for c, size in enumerate(counts):
        rows = np.flatnonzero(codes == c)
        parts.append(rows)
        if size < target:
            parts.append(rng.choice(rows, size=target - int(size), replace=True))
    return np.sort(np.concatenate(parts))


def _prefit_scores():
    """A fitted scikit-learn estimator whose input already is the probability matrix: lets
    fairlearn's ThresholdOptimizer work on precomputed (calibrated) probabilities with
    ``prefit=True``. Built on call, so that importing meddx.audit does not import sklearn."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    class PrefitScores(ClassifierMixin, BaseEstimator):
        def fit(self, X: Any, y: Any = None) -> Self:  # pragma: no cover - prefit, never called
            return self

        def predict_proba(self, X: Any) -> np.ndarray:
            return np.asarray(X, dtype=np.float64)

    estimator = PrefitScores()
    estimator.fitted_ = True  # what check_is_fitted looks for
    return estimator


class ThresholdMitigator:
    """Group-specific thresholds on binary probabilities (fairlearn's ``ThresholdOptimizer``).

    Parameters (keyword-only): ``constraints`` (one of :data:`CONSTRAINTS`; default
    ``"equalized_odds"``), ``objective`` (``"balanced_accuracy_score"`` or
    ``"accuracy_score"``), ``grid_size`` and ``seed`` (the randomised decisions of
    ``predict`` are reproducible).

    ``fit(proba_val, y_val, groups_val)`` on the validation split, then
    ``predict(proba, groups)`` on new rows: 0/1 decisions for the positive class (index 1).
    Every group seen at ``predict`` must have been seen at ``fit``.

    Fitted attributes: ``optimizer_`` (the fitted ``ThresholdOptimizer``), ``groups_``
    (the group values seen) and ``n_``.
    """

    def __init__(self, *, constraints: str = "equalized_odds",
                 objective: str = "balanced_accuracy_score", grid_size: int = 1000,
                 seed: int = 0) -> None:
        self.constraints = constraints
        self.objective = objective
        self.grid_size = grid_size
        self.seed = seed

    def get_params(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("constraints", "objective", "grid_size", "seed")}

    def fit(self, proba: Any, y: Any, groups: Any) -> Self:
        """Choose the thresholds on ``proba`` (n, 2) and labels ``y`` (n,) in {0, 1}."""
        from meddx.evaluate import check_int

        self._check_params(check_int)
        p = self._binary_proba(proba)
        y = _single_label(y, "ThresholdMitigator")
        if len(y) != len(p):
            raise DataError(f"y has {len(y)} rows but proba has {len(p)}")
        bad = sorted(set(np.unique(y).tolist()) - {0, 1})
        if bad:
            raise DataError(f"ThresholdMitigator needs binary labels 0/1; got label {bad[0]!r}")
        keys = group_keys(groups, len(y))
        postprocessing = require("fairlearn.postprocessing", "audit")
        optimizer = postprocessing.ThresholdOptimizer(
            estimator=_prefit_scores(), constraints=self.constraints, objective=self.objective,
            grid_size=self.grid_size, prefit=True, predict_method="predict_proba")
        optimizer.fit(p, y.astype(np.int64), sensitive_features=keys)
        self.optimizer_ = optimizer
        self.groups_ = sorted(set(keys.tolist()))
        self.n_ = int(len(y))
        return self

    def predict(self, proba: Any, groups: Any) -> np.ndarray:
        """0/1 decisions (n,) for the positive class, thresholded per group."""
        self._check_fitted()
        p = self._binary_proba(proba)
        keys = seen_group_keys(groups, len(p), self.groups_, "ThresholdMitigator")
        out = self.optimizer_.predict(p, sensitive_features=keys, random_state=self.seed)
        return np.asarray(out, dtype=np.int64)

    # -- internals ------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "optimizer_"):
            raise ModelError("this ThresholdMitigator is not fitted yet; call "
                             "fit(proba_val, y_val, groups_val) first")

    def _check_params(self, check_int) -> None:
        if self.constraints not in CONSTRAINTS:
            raise ConfigError(f"constraints must be one of {', '.join(CONSTRAINTS)}; "
                              f"got {self.constraints!r}")
        if self.objective not in OBJECTIVES:
            raise ConfigError(f"objective must be one of {', '.join(OBJECTIVES)}; "
                              f"got {self.objective!r}")
        check_int("grid_size", self.grid_size, minimum=2)
        check_int("seed", self.seed, minimum=0)

    @staticmethod
    def _binary_proba(proba: Any) -> np.ndarray:
        p = np.asarray(proba, dtype=np.float64)
        if p.ndim != 2 or p.shape[1] != 2:
            shape = p.shape
            raise ConfigError(
                "ThresholdMitigator supports binary tasks only: proba must have shape (n, 2); got "
                f"shape {shape}. Multiclass (one-vs-rest) and multilabel thresholds are not "
                "supported in this version; use fairness.mitigation 'reweighting' or 'resampling'")
        return p


def _as_proba(pred: Any, k: int) -> np.ndarray:
    """Probabilities (n, k) as given, or one-hot rows for label predictions (n,)."""
    arr = np.asarray(pred)
    if arr.ndim == 2:
        return arr.astype(np.float64)
    out = np.zeros((len(arr), k))
    out[np.arange(len(arr)), arr.astype(np.int64)] = 1.0
    return out


def compare_mitigations(y_true: Any, predictions: Mapping[str, Any], groups: Any, *,
                        reference: str = "none", labels: Sequence[str] | None = None,
                        **auditor_params: Any) -> pd.DataFrame:
    """Macro-F1 and every gap, per method, beside the ``reference`` method.

    ``predictions`` maps a method name to probabilities (n, k) or to label predictions (n,)
    (as :meth:`ThresholdMitigator.predict` returns) on the same rows ``y_true`` (single-label).
    ``groups`` and ``auditor_params`` go to :class:`FairnessAuditor`. One row per method,
    group column, class and gap metric: ``value``, ``ci95``, ``flagged``, the reference's
    ``value_before`` and ``flagged_before``, ``change`` (value - value_before), ``macro_f1``,
    ``macro_f1_before`` and ``macro_f1_change``.
    """
    from sklearn.metrics import f1_score

    from meddx.audit._fairness import FairnessAuditor

    y = _single_label(y_true, "compare_mitigations")
    if reference not in predictions:
        raise ConfigError(f"reference method {reference!r} is not in predictions; methods are: "
                          f"{', '.join(predictions)}")
    k = max(np.asarray(p).shape[1] if np.asarray(p).ndim == 2 else 0 for p in predictions.values())
    k = max(k, int(y.max()) + 1, 2, len(labels) if labels is not None else 0)
    audited: dict[str, tuple[float, dict[tuple[str, str, str], dict[str, Any]]]] = {}
    for method, pred in predictions.items():
        proba = _as_proba(pred, k)
        if len(proba) != len(y):
            raise DataError(f"predictions[{method!r}] has {len(proba)} rows but y_true has {len(y)}")
        f1 = float(f1_score(y, proba.argmax(1), average="macro", labels=list(range(k)),
                            zero_division=0))
        auditor = FairnessAuditor(**auditor_params).fit(y, proba, groups, labels=labels)
        gaps = {(g["group_column"], g["class"], g["metric"]): g for g in auditor.gaps_}
        audited[method] = (f1, gaps)
    f1_ref, gaps_ref = audited[reference]
    rows = []
    for method, (f1, gaps) in audited.items():
        for key, gap in gaps.items():
            before = gaps_ref.get(key, {})
            value, value_before = gap["value"], before.get("value")
            rows.append({
                "method": method, "group_column": key[0], "class": key[1], "metric": key[2],
                "value": value, "ci95": gap["ci95"], "flagged": gap["flagged"],
                "value_before": value_before, "flagged_before": before.get("flagged"),
                "change": None if value is None or value_before is None else value - value_before,
                "macro_f1": f1, "macro_f1_before": f1_ref, "macro_f1_change": f1 - f1_ref,
            })
    return pd.DataFrame(rows)
