"""How large an ECE would a perfectly calibrated model show on this many notes?

The binned ECE is biased upward on a finite test set: even a model whose probabilities are
exactly right shows a positive ECE, because each bin's observed accuracy is a sample. With a
few hundred notes spread over many bins that floor is often 0.03 to 0.05, so an ECE figure
alone cannot tell "miscalibrated" from "too few notes to tell".

:func:`ece_if_calibrated` answers it by simulation: keep the model's confidences, draw each
outcome as if they were exactly right (a top-label hit with probability equal to the
top-label confidence; for multilabel each label present with its probability), and compute
the same binned ECE. The observed ECE is then set against that distribution: its mean, the
central interval, and the share of draws at least as large as the observed ECE (a one-sided
p-value: small means more miscalibration than the sample size explains).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx.evaluate._calibration import _confidence, _dummy_labels, _ece
from meddx.evaluate._validate import check_inputs, check_int, check_unit_interval

__all__ = ["calibration_sentence", "ece_if_calibrated"]


def ece_if_calibrated(
    y_true: Any,
    proba: Any,
    *,
    task: str,
    labels: Sequence[str] | None = None,
    n_bins: int = 15,
    draws: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> dict[str, Any]:
    """The observed ECE beside the ECE of a perfectly calibrated model with the same
    confidences on the same number of rows.

    Returns ``observed``, ``mean`` (over ``draws`` simulations), ``interval`` (the central
    ``ci`` share of the draws), ``p_value`` (share of draws with an ECE at least the observed
    one, (1 + count) / (1 + draws)), ``consistent`` (``p_value`` >= 1 - ``ci``), ``n``,
    ``n_bins``, ``draws``, ``ci_level`` and ``seed``. The same seed gives the same figures.
    """
    names = labels if labels is not None else _dummy_labels(proba, task)
    y, p = check_inputs(y_true, proba, task=task, labels=names)
    n_bins = check_int("n_bins", n_bins, minimum=1)
    draws = check_int("draws", draws, minimum=1)
    ci = check_unit_interval("ci", ci, closed=False)
    seed = check_int("seed", seed, minimum=0)

    observed = _ece(y, p, task, n_bins)
    conf, _ = _confidence(y, p, task)
    rng = np.random.default_rng(seed)
    if conf.ndim == 1:
        simulated = _simulated_ece(conf, n_bins, draws, rng)
    else:  # multilabel: the task's ECE is the mean of the per-label ECEs
        simulated = np.mean(
            [_simulated_ece(conf[:, j], n_bins, draws, rng) for j in range(conf.shape[1])], axis=0
        )
    alpha = (1.0 - ci) / 2.0
    lo, hi = np.quantile(simulated, [alpha, 1.0 - alpha])
    p_value = float((1 + np.count_nonzero(simulated >= observed - 1e-12)) / (1 + draws))
    return {
        "observed": float(observed),
        "mean": float(simulated.mean()),
        "interval": [float(lo), float(hi)],
        "p_value": p_value,
        "consistent": bool(p_value >= 1.0 - ci),
        "n": int(len(p)),
        "n_bins": n_bins,
        "draws": draws,
        "ci_level": float(ci),
        "seed": seed,
    }


def _simulated_ece(
    conf: np.ndarray, n_bins: int, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """ECE of ``draws`` outcome vectors drawn as if ``conf`` were exactly calibrated."""
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, n_bins - 1)
    sum_conf = np.bincount(idx, weights=conf, minlength=n_bins)
    onehot = np.zeros((len(conf), n_bins))
    onehot[np.arange(len(conf)), idx] = 1.0
    out = np.empty(draws)
    chunk = max(1, 2_000_000 // max(1, len(conf)))  # bound memory on large sets
    for start in range(0, draws, chunk):
        k = min(chunk, draws - start)
        hits = (rng.random((k, len(conf))) < conf).astype(np.float64)
        sum_hit = hits @ onehot
        out[start:start + k] = np.abs(sum_hit - sum_conf).sum(axis=1) / len(conf)
    return out


def calibration_sentence(check: dict[str, Any]) -> str:
    """One plain sentence on ``check`` (the output of :func:`ece_if_calibrated`)."""
    lo, hi = check["interval"]
    level = round(100 * check["ci_level"])
    verdict = ("consistent with calibrated probabilities" if check["consistent"]
               else "more than the sample size explains: the probabilities are miscalibrated")
    return (f"ECE {check['observed']:.3f}. A perfectly calibrated model with these confidences "
            f"would show {check['mean']:.3f} on {check['n']} rows ({level}% of simulations in "
            f"[{lo:.3f}, {hi:.3f}]); the observed ECE is {verdict} (p = {check['p_value']:.2f}).")
