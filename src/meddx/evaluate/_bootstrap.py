"""Percentile bootstrap confidence intervals, and :func:`evaluate` (metrics + intervals)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx._progress import track
from meddx.evaluate._calibration_check import ece_if_calibrated
from meddx.evaluate._metrics import SCALAR_METRICS, _scalar_metrics, compute_metrics
from meddx.evaluate._validate import (
    check_inputs,
    check_int,
    check_metric_names,
    check_unit_interval,
)

__all__ = ["DEFAULT_CI_METRICS", "bootstrap_ci", "evaluate"]

#: Metrics that get an interval unless the caller asks for others.
DEFAULT_CI_METRICS = ("accuracy", "macro_f1", "macro_auroc", "macro_auprc", "ece", "brier")


def bootstrap_ci(
    y_true: Any,
    proba: Any,
    *,
    task: str,
    labels: Sequence[str],
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    threshold: float = 0.5,
    metrics: Sequence[str] = DEFAULT_CI_METRICS,
    ece_bins: int = 15,
    quiet: bool = True,
) -> dict[str, list[float | None]]:
    """Percentile bootstrap interval ``[lo, hi]`` of each metric in ``metrics``.

    Rows are resampled with replacement ``n_boot`` times with ``numpy.random.default_rng(seed)``,
    so the same seed gives the same intervals. A resample where a metric is undefined (an AUROC
    with a single class present) is skipped for that metric; a metric undefined in every
    resample, or ``n_boot=0``, gets ``[None, None]``. Allowed metric names are
    :data:`~meddx.evaluate.SCALAR_METRICS`.
    """
    y, p = check_inputs(y_true, proba, task=task, labels=labels)
    n_boot = check_int("n_boot", n_boot, minimum=0)
    ci = check_unit_interval("ci", ci, closed=False)
    threshold = check_unit_interval("threshold", threshold)
    ece_bins = check_int("ece_bins", ece_bins, minimum=1)
    names = check_metric_names(metrics, SCALAR_METRICS)
    seed = check_int("seed", seed, minimum=0)

    rng = np.random.default_rng(seed)
    n = len(p)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for _ in track(range(n_boot), "bootstrap", total=n_boot, quiet=quiet):
        idx = rng.integers(0, n, size=n)
        values = _scalar_metrics(
            y[idx], p[idx], task=task, threshold=threshold, ece_bins=ece_bins, names=names
        )
        for name, value in values.items():
            if value is not None:
                samples[name].append(value)

    alpha = (1.0 - ci) / 2.0
    out: dict[str, list[float | None]] = {}
    for name in names:
        if samples[name]:
            lo, hi = np.quantile(np.asarray(samples[name]), [alpha, 1.0 - alpha])
            out[name] = [float(lo), float(hi)]
        else:
            out[name] = [None, None]
    return out


def evaluate(
    y_true: Any,
    proba: Any,
    *,
    task: str,
    labels: Sequence[str],
    threshold: float = 0.5,
    ece_bins: int = 15,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    quiet: bool = True,
) -> dict[str, Any]:
    """:func:`compute_metrics` plus bootstrap intervals of the headline metrics, and the ECE
    set against what a perfectly calibrated model would show on as many rows
    (``ece_if_calibrated``, see :func:`~meddx.evaluate.ece_if_calibrated`).

    The intervals are under ``ci95`` whatever the level (``ci_level`` holds the level), with
    ``n_boot`` and ``seed`` echoed back.
    """
    result = compute_metrics(
        y_true, proba, task=task, labels=labels, threshold=threshold, ece_bins=ece_bins
    )
    result["ci95"] = bootstrap_ci(
        y_true,
        proba,
        task=task,
        labels=labels,
        n_boot=n_boot,
        ci=ci,
        seed=seed,
        threshold=threshold,
        ece_bins=ece_bins,
        quiet=quiet,
    )
    result["ci_level"] = float(ci)
    result["n_boot"] = int(n_boot)
    result["seed"] = int(seed)
    result["ece_if_calibrated"] = ece_if_calibrated(
        y_true, proba, task=task, labels=labels, n_bins=ece_bins, ci=ci, seed=seed
    )
    return result
