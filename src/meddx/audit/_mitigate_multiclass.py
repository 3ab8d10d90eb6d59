"""Group-specific decision rules for multiclass tasks (fairlearn's ThresholdOptimizer is binary).

:class:`GroupOffsetMitigator` moves each group's decision boundaries by adding a per-group,
per-class offset to the log-probabilities before the argmax:

    predict(x, g) = argmax_c ( log p_c(x) + delta[g, c] )

The offsets are chosen on the (calibrated) validation split to equalise the one-vs-rest true
positive rate of every class across groups (equal opportunity, per class, the multiclass
version of ``true_positive_rate_parity``):

* the target TPR of class c is its TPR on the whole validation split, with no offsets;
* for each group separately, coordinate descent over classes: ``delta[g, c]`` takes the value
  of a grid (``-max_offset .. max_offset``) that minimises
  ``sum_c |TPR_gc - target_c| + penalty * sum_c |delta[g, c]|``, holding the other classes'
  offsets; ``sweeps`` passes over the classes. Ties go to the smaller offset.

``direction="pooled"`` (default) mitigates every group towards the pooled rates, as
fairlearn's post-processing does: a disadvantaged group's TPR is raised and an advantaged
group's lowered (levelling down as well as up). ``direction="raise"`` only raises: the target
TPR of class c is the best group's (among groups with validation rows of c), and a group's
cost counts only its shortfall ``sum_c max(0, target_c - TPR_gc)``, so a group already at the
best rate of every class keeps offsets 0. Offsets are
deterministic (no randomised decisions). Each group needs validation rows of every class it
should be corrected for; a class absent from a group's validation rows keeps offset 0.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from meddx.errors import ConfigError, DataError, ModelError

__all__ = ["GroupOffsetMitigator"]

DIRECTIONS = ("pooled", "raise")


class GroupOffsetMitigator:
    """Per-group, per-class offsets on log-probabilities equalising TPR (see module docstring).

    Parameters (keyword-only): ``max_offset`` (grid half-width, in log-probability units),
    ``grid_size``, ``sweeps``, ``penalty`` and ``direction`` (``"pooled"`` or ``"raise"``).
    ``fit(proba_val, y_val, groups_val)``, then
    ``predict(proba, groups)`` (class indices) or ``decision_proba`` (one-hot rows).
    Fitted attributes: ``offsets_`` ({group: [delta per class]}), ``targets_`` (target TPR per
    class), ``groups_`` and ``n_``.
    """

    def __init__(self, *, max_offset: float = 4.0, grid_size: int = 81, sweeps: int = 3,
                 penalty: float = 1e-3, direction: str = "pooled") -> None:
        self.max_offset = max_offset
        self.grid_size = grid_size
        self.sweeps = sweeps
        self.penalty = penalty
        self.direction = direction

    def get_params(self) -> dict[str, Any]:
        return {k: getattr(self, k)
                for k in ("max_offset", "grid_size", "sweeps", "penalty", "direction")}

    def fit(self, proba: Any, y: Any, groups: Any) -> Self:
        from meddx.audit._mitigate import _single_label, group_keys
        from meddx.evaluate import check_int

        check_int("grid_size", self.grid_size, minimum=3)
        check_int("sweeps", self.sweeps, minimum=1)
        if not self.max_offset > 0 or not self.penalty >= 0:
            raise ConfigError(f"GroupOffsetMitigator needs max_offset > 0 and penalty >= 0; got "
                              f"max_offset={self.max_offset!r}, penalty={self.penalty!r}")
        if self.direction not in DIRECTIONS:
            raise ConfigError(f"GroupOffsetMitigator direction must be one of "
                              f"{', '.join(DIRECTIONS)}; got {self.direction!r}")
        z = self._log(proba)
        y = _single_label(y, "GroupOffsetMitigator")
        if len(y) != len(z):
            raise DataError(f"y has {len(y)} rows but proba has {len(z)}")
        k = z.shape[1]
        if y.min() < 0 or y.max() >= k:
            raise DataError(f"labels must be class indices 0..{k - 1}; got {int(y.max())}")
        keys = group_keys(groups, len(y))
        pred = z.argmax(1)
        if self.direction == "raise":  # the best group's TPR per class
            per_group = np.array([self._tpr(pred[keys == g], y[keys == g], k)
                                  for g in sorted(set(keys.tolist()))])
            best = np.where(np.isnan(per_group), -np.inf, per_group).max(0)
            self.targets_ = np.where(np.isfinite(best), best, np.nan).tolist()
        else:
            self.targets_ = self._tpr(pred, y, k).tolist()
        target = np.asarray(self.targets_)
        grid = np.linspace(-self.max_offset, self.max_offset, int(self.grid_size))
        grid = grid[np.argsort(np.abs(grid), kind="stable")]  # ties -> the smaller offset
        self.offsets_ = {}
        for g in sorted(set(keys.tolist())):
            rows = keys == g
            self.offsets_[g] = self._fit_group(z[rows], y[rows], k, target, grid).tolist()
        self.groups_ = sorted(self.offsets_)
        self.n_ = int(len(y))
        return self

    def predict(self, proba: Any, groups: Any) -> np.ndarray:
        """Class index per row after the group's offsets."""
        from meddx.audit._mitigate import seen_group_keys

        if not hasattr(self, "offsets_"):
            raise ModelError("this GroupOffsetMitigator is not fitted yet; call "
                             "fit(proba_val, y_val, groups_val) first")
        z = self._log(proba)
        keys = seen_group_keys(groups, len(z), self.groups_, "GroupOffsetMitigator")
        if z.shape[1] != len(self.targets_):
            raise DataError(f"proba has {z.shape[1]} classes; the mitigator was fitted on "
                            f"{len(self.targets_)}")
        delta = np.array([self.offsets_[g] for g in keys.tolist()]).reshape(z.shape)
        return (z + delta).argmax(1).astype(np.int64)

    def to_dict(self) -> dict[str, Any]:
        return {"method": "group_offsets", "params": self.get_params(),
                "targets": self.targets_, "offsets": self.offsets_, "n": self.n_}

    # -- internals ------------------------------------------------------------------------

    @staticmethod
    def _log(proba: Any) -> np.ndarray:
        p = np.asarray(proba, dtype=np.float64)
        if p.ndim != 2 or p.shape[1] < 2:
            raise ConfigError(f"proba must have shape (n, k) with k >= 2; got shape {p.shape}")
        return np.log(np.clip(p, 1e-12, 1.0))

    @staticmethod
    def _tpr(pred: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
        support = np.bincount(y, minlength=k)
        hits = np.bincount(y[pred == y], minlength=k)
        return np.divide(hits, support, out=np.full(k, np.nan), where=support > 0)

    def _fit_group(self, z, y, k, target, grid) -> np.ndarray:
        delta = np.zeros(k)
        present = np.bincount(y, minlength=k) > 0

        def cost(d: np.ndarray) -> float:
            diff = self._tpr((z + d).argmax(1), y, k) - target
            miss = np.maximum(-diff, 0.0) if self.direction == "raise" else np.abs(diff)
            return float(np.nansum(miss) + self.penalty * np.abs(d).sum())

        best = cost(delta)
        for _ in range(int(self.sweeps)):
            for c in np.flatnonzero(present):
                for value in grid:
                    trial = delta.copy()
                    trial[c] = value
                    score = cost(trial)
                    if score < best - 1e-12:
                        best, delta = score, trial
        return delta - delta[present].mean() if present.any() else delta  # argmax-invariant shift
