"""Is the model better than its baseline? A paired bootstrap of the difference on the same
test notes.

Each resample draws the same rows for both models, so the interval of the difference
(model minus baseline) accounts for their correlation: two overlapping marginal intervals
can still hide a clear difference, and vice versa. A metric's verdict is ``better`` when the
whole interval of the difference lies on the good side of zero, ``worse`` when it lies on the
bad side, and ``no different`` otherwise. ECE and Brier are lower-is-better.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx._progress import track
from meddx.evaluate._metrics import _scalar_metrics
from meddx.evaluate._validate import check_inputs, check_int, check_unit_interval

__all__ = ["VERDICT_METRICS", "paired_comparison"]

#: Metrics compared, in the order the verdict names them.
VERDICT_METRICS = ("macro_f1", "accuracy", "macro_auroc", "macro_auprc", "ece", "brier")
_LOWER_IS_BETTER = frozenset({"ece", "brier"})
_NAMES = {"macro_f1": "macro-F1", "accuracy": "accuracy", "macro_auroc": "macro-AUROC",
          "macro_auprc": "macro-AUPRC", "ece": "ECE", "brier": "Brier"}


def paired_comparison(
    y_true: Any, proba: Any, baseline_proba: Any, *, task: str, labels: Sequence[str],
    n_boot: int = 1000, ci: float = 0.95, seed: int = 0, threshold: float = 0.5,
    ece_bins: int = 15, metrics: Sequence[str] = VERDICT_METRICS, quiet: bool = True,
    names: tuple[str, str] = ("model", "baseline"),
) -> dict[str, Any]:
    """Model minus baseline on each metric, with a paired percentile bootstrap interval and a
    verdict. Returns ``{"against", "ci_level", "n_boot", "metrics": {name: {"model",
    "baseline", "difference", "ci", "verdict"}}, "verdict", "sentence"}``; the top-level
    ``verdict`` is that of macro-F1 (the first metric)."""
    y, p = check_inputs(y_true, proba, task=task, labels=labels)
    _, q = check_inputs(y_true, baseline_proba, task=task, labels=labels)
    n_boot = check_int("n_boot", n_boot, minimum=0)
    ci = check_unit_interval("ci", ci, closed=False)
    kw = {"task": task, "threshold": threshold, "ece_bins": ece_bins, "names": list(metrics)}
    point_a, point_b = _scalar_metrics(y, p, **kw), _scalar_metrics(y, q, **kw)
    rng = np.random.default_rng(seed)
    diffs: dict[str, list[float]] = {m: [] for m in metrics}
    for _ in track(range(n_boot), "paired bootstrap", total=n_boot, quiet=quiet):
        idx = rng.integers(0, len(y), size=len(y))
        a, b = _scalar_metrics(y[idx], p[idx], **kw), _scalar_metrics(y[idx], q[idx], **kw)
        for m in metrics:
            if a[m] is not None and b[m] is not None:
                diffs[m].append(a[m] - b[m])
    alpha = (1.0 - ci) / 2.0
    out: dict[str, Any] = {}
    for m in metrics:
        lo = hi = None
        if diffs[m]:
            lo, hi = (float(v) for v in np.quantile(diffs[m], [alpha, 1.0 - alpha]))
        diff = None if point_a[m] is None or point_b[m] is None else point_a[m] - point_b[m]
        out[m] = {"model": point_a[m], "baseline": point_b[m], "difference": diff,
                  "ci": [lo, hi], "verdict": _verdict(m, lo, hi)}
    first = metrics[0]
    return {
        "against": names[1], "paired": True, "ci_level": ci, "n_boot": n_boot,
        "n": int(len(y)), "metrics": out, "verdict": out[first]["verdict"],
        "sentence": _sentence(out, names, ci),
    }


def _verdict(metric: str, lo: float | None, hi: float | None) -> str:
    if lo is None or hi is None:
        return "undetermined"
    sign = -1.0 if metric in _LOWER_IS_BETTER else 1.0
    lo, hi = sorted((sign * lo, sign * hi))
    if lo > 0:
        return "better"
    if hi < 0:
        return "worse"
    return "no different"


def _sentence(out: dict[str, Any], names: tuple[str, str], ci: float) -> str:
    """"The model is WORSE than the baseline on macro-F1 (-0.031, 95% CI of the paired
    difference [-0.052, -0.010]); no different on accuracy; better on ECE." """
    first, *rest = out
    head = out[first]
    word = {"better": "better than", "worse": "WORSE than", "no different": "no different from",
            "undetermined": "not comparable with"}[head["verdict"]]
    text = f"The {names[0]} is {word} the {names[1]} on {_NAMES.get(first, first)}"
    if head["difference"] is not None and head["ci"][0] is not None:
        text += (f" ({head['difference']:+.3f}; {round(100 * ci)}% CI of the paired difference "
                 f"[{head['ci'][0]:+.3f}, {head['ci'][1]:+.3f}])")
    groups: dict[str, list[str]] = {}
    for m in rest:
        groups.setdefault(out[m]["verdict"], []).append(_NAMES.get(m, m))
    parts = [f"{'WORSE' if v == 'worse' else v} on {', '.join(ms)}" for v, ms in groups.items()]
    return text + ("; " + "; ".join(parts) if parts else "") + "."
