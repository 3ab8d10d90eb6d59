"""Fairness gaps between groups, with vectorised bootstrap intervals and a verdict.

For one class (one-vs-rest) and one grouping, every gap needs only each group's four counts
of (true, predicted) in {0, 1}^2. Gaps, as fairlearn defines them (largest group value minus
smallest, so never negative):

* ``demographic_parity_difference``: selection rate (share predicted positive);
* ``demographic_parity_ratio``: smallest selection rate / largest (1 is parity);
* ``equal_opportunity_difference``: true positive rate (sensitivity);
* ``predictive_equality_difference``: false positive rate;
* ``equalized_odds_difference``: the larger of the last two.

The interval. A max-minus-min gap is biased upwards: with many small groups it is large even
when every group has the same rate, and a bootstrap of the gap (or of the difference between
the two extreme groups) does not see that, since it resamples the groups as they came out.
So the interval is ``value ± h``, where ``h`` is the bootstrap's spread of the same statistic
when there is no gap: each group's count is redrawn ``n_boot`` times from the rate pooled over
all groups, with the group's own denominator (rows, positives or negatives), and ``h`` is the
``ci`` quantile of the redrawn max-minus-min gap (for the ratio, of ``log(max / min)``, and
the interval is ``value x exp(±h)``). It is clipped to [0, 1]. It therefore excludes zero
(or, for the ratio, one) exactly when the gap is larger than chance alone makes the largest
gap among these groups: a bootstrap test at level ``1 - ci`` that is corrected for picking
the two most extreme groups. With several classes audited one-vs-rest, the level is split
over them (Bonferroni): ``h`` is the ``1 - (1 - ci) / classes`` quantile.

The resamples are binomial draws, ``n_boot x groups`` numbers per rate whatever the number of
rows; ``n_boot`` is raised so that at least 20 fall beyond the quantile (the number used is
each gap's ``n_boot``).

A gap is ``flagged`` when its interval excludes the null value (0 for differences, 1 for the
ratio) and the gap exceeds the tolerance (``value > tolerance``; for the ratio,
``value < 1 - ratio_tolerance``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["GAP_METRICS", "MAX_BOOT", "cell_counts", "gaps_for_class", "n_resamples"]

GAP_METRICS = (
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equal_opportunity_difference",
    "predictive_equality_difference",
    "equalized_odds_difference",
)
MAX_BOOT = 20_000
_RATES = {
    # rate: (numerator cells, denominator cells) over the cells (y, pred) = 00, 01, 10, 11
    "selection_rate": ((1, 3), (0, 1, 2, 3)),
    "tpr": ((3,), (2, 3)),
    "fpr": ((1,), (0, 1)),
}


def cell_counts(codes: np.ndarray, n_groups: int, y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """(groups, 4) counts of (y, pred) = (0,0), (0,1), (1,0), (1,1) per group code."""
    cell = 2 * y.astype(np.int64) + pred.astype(np.int64)
    return np.bincount(codes * 4 + cell, minlength=n_groups * 4).reshape(n_groups, 4)


def n_resamples(n_boot: int, ci: float, n_classes: int = 1) -> int:
    """``n_boot``, raised so that >= 20 resamples fall beyond the (Bonferroni) quantile."""
    if n_boot <= 0:
        return 0
    tail = (1.0 - ci) / max(n_classes, 1)
    return int(min(max(n_boot, np.ceil(20.0 / tail)), MAX_BOOT))


def _range(values: np.ndarray) -> np.ndarray:
    """Max minus min over the last axis, ignoring NaN (NaN with fewer than 2 defined)."""
    defined = (~np.isnan(values)).sum(axis=-1)
    with np.errstate(invalid="ignore"):
        out = np.nanmax(values, axis=-1) - np.nanmin(values, axis=-1)
    return np.where(defined >= 2, out, np.nan)


def _null_draws(num: np.ndarray, den: np.ndarray, draws: int,
                rng: np.random.Generator) -> np.ndarray:
    """(draws, groups) rates with every group drawn from the pooled rate (NaN where den = 0)."""
    pooled = num.sum() / den.sum() if den.sum() else np.nan
    if np.isnan(pooled):
        return np.full((draws, len(den)), np.nan)
    counts = rng.binomial(den.astype(np.int64)[None, :], pooled, size=(draws, len(den)))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, counts / np.maximum(den, 1), np.nan)


def gaps_for_class(
    counts: np.ndarray,
    group_names: list[str],
    *,
    group_column: str,
    label: str | None,
    n_boot: int,
    ci: float,
    tolerance: float,
    ratio_tolerance: float,
    rng: np.random.Generator,
    n_classes: int = 1,
) -> list[dict[str, Any]]:
    """Every gap of :data:`GAP_METRICS` for one class and one grouping (see the module doc).

    ``n_classes`` is the number of classes audited alongside; the level is split over them.
    """
    draws = n_resamples(n_boot, ci, n_classes)
    level = 1.0 - (1.0 - ci) / max(n_classes, 1)
    point: dict[str, np.ndarray] = {}
    null: dict[str, np.ndarray] = {}
    for rate, (num_cells, den_cells) in _RATES.items():
        num = counts[:, list(num_cells)].sum(axis=1).astype(np.float64)
        den = counts[:, list(den_cells)].sum(axis=1).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            point[rate] = np.where(den > 0, num / np.maximum(den, 1), np.nan)
        null[rate] = _null_draws(num, den, max(draws, 1), rng)

    def base(metric: str, rate: str, ratio: bool = False) -> dict[str, Any]:
        return {
            "group_column": group_column, "metric": metric, "class": label, "value": None,
            "ci95": [None, None], "flagged": False, "higher_group": None, "lower_group": None,
            "based_on": rate, "null_value": 1.0 if ratio else 0.0,
            "tolerance": ratio_tolerance if ratio else tolerance, "n_groups": len(group_names),
            "ci_level": ci, "ci_classes": n_classes, "n_boot": draws,
        }

    def fill(entry: dict[str, Any], rate: str, value: float | None, h: float | None,
             ratio: bool = False) -> dict[str, Any]:
        values = point[rate]
        defined = np.flatnonzero(~np.isnan(values))
        if len(defined) < 2 or value is None:
            entry["note"] = f"{rate} is defined for fewer than two groups"
            return entry
        hi = int(defined[np.argmax(values[defined])])
        rest = defined[defined != hi]
        lo = int(rest[np.argmin(values[rest])])
        entry.update(value=value, higher_group=group_names[hi], lower_group=group_names[lo])
        if h is not None and np.isfinite(h):
            if ratio:
                entry["ci95"] = [float(value * np.exp(-h)), float(min(1.0, value * np.exp(h)))]
            else:
                entry["ci95"] = [float(max(0.0, value - h)), float(min(1.0, value + h))]
        elif h is not None:  # chance alone can make the gap any size
            entry["ci95"] = [0.0, 1.0]
        entry["flagged"] = _verdict(entry, ratio, tolerance, ratio_tolerance)
        return entry

    def quantile(samples: np.ndarray | None) -> float | None:
        if samples is None or not draws:
            return None
        samples = samples[~np.isnan(samples)]
        return float(np.quantile(samples, level, method="higher")) if len(samples) else None

    # Point gaps, and the null statistic each is compared with.
    value = {rate: _range(point[rate][None, :])[0] for rate in _RATES}
    value = {rate: None if np.isnan(v) else float(v) for rate, v in value.items()}
    null_range = {rate: _range(null[rate]) for rate in _RATES}
    sel = point["selection_rate"]
    ratio = None
    if value["selection_rate"] is not None and np.nanmax(sel) > 0:
        ratio = float(np.nanmin(sel) / np.nanmax(sel))
    with np.errstate(divide="ignore", invalid="ignore"):
        null_log_ratio = np.log(np.nanmax(null["selection_rate"], axis=1)) - \
            np.log(np.nanmin(null["selection_rate"], axis=1))
    null_log_ratio = np.where(np.isnan(null_log_ratio), np.inf, null_log_ratio)

    out = [
        fill(base("demographic_parity_difference", "selection_rate"), "selection_rate",
             value["selection_rate"], quantile(null_range["selection_rate"])),
        fill(base("demographic_parity_ratio", "selection_rate", True), "selection_rate",
             ratio, quantile(null_log_ratio), ratio=True),
        fill(base("equal_opportunity_difference", "tpr"), "tpr", value["tpr"],
             quantile(null_range["tpr"])),
        fill(base("predictive_equality_difference", "fpr"), "fpr", value["fpr"],
             quantile(null_range["fpr"])),
    ]
    # Equalized odds: the larger of the TPR and FPR gaps, against the larger null gap.
    worse = max((e for e in out[2:] if e["value"] is not None), key=lambda e: e["value"],
                default=None)
    odds = base("equalized_odds_difference", worse["based_on"] if worse else "tpr")
    if worse is None:
        odds["note"] = "tpr and fpr are each defined for fewer than two groups"
    else:
        fill(odds, worse["based_on"], worse["value"],
             quantile(np.fmax(null_range["tpr"], null_range["fpr"])))
    out.append(odds)
    return out


def _verdict(gap: dict[str, Any], ratio: bool, tolerance: float, ratio_tolerance: float) -> bool:
    lo, hi = gap["ci95"]
    value = gap["value"]
    if value is None or lo is None:
        return False
    if ratio:
        return bool(hi < 1.0 and value < 1.0 - ratio_tolerance)
    return bool(lo > 0.0 and value > tolerance)
