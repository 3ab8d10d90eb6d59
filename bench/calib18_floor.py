"""How many test notes make "ECE <= 0.03" a meaningful target? (docs/benchmarks.md, "Demo
calibration on more notes", session 18, branch calib18.)

The project's ECE estimator (15 bins, ``meddx.evaluate.ece_if_calibrated``) is biased upward on
a finite test set: a perfectly calibrated model still shows an ECE (the floor). For each test
size ``n`` this draws ``n`` served top-label confidences (with replacement) from a run's
predictions.csv (the served ``model_p[...]`` columns; only the confidences are read, never the
labels) and asks the estimator what a perfectly calibrated model with those confidences shows:
the floor's mean and 95 % interval, and the share of its draws at or below the target (how often
a PERFECTLY calibrated model would meet "ECE <= target" on n notes; read off the estimator's
quantiles by bisection, the same seeded draws each time).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calib18_floor.py \\
        RUN/predictions.csv --n 250,531,1000,2000,4000,8000 --json OUT.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np


def served_confidences(path: Path) -> np.ndarray:
    """The top-label confidence of each row's served probabilities (columns ``model_p[...]``)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    cols = [c for c in frame.columns if c.startswith("model_p[")]
    if not cols:
        raise SystemExit(f"{path}: no served probability columns (model_p[...])")
    p = frame[cols].astype(np.float64).to_numpy()
    return p.max(axis=1) / p.sum(axis=1)


def proba_with_confidence(conf: np.ndarray, k: int) -> np.ndarray:
    """Rows of ``k`` class probabilities whose largest is ``conf`` (the rest shared equally);
    the estimator's floor depends on the top-label confidence alone."""
    conf = np.asarray(conf, dtype=np.float64)
    if k < 2 or np.any(conf < 1.0 / k - 1e-12) or np.any(conf > 1.0):
        raise ValueError(f"confidences must lie in [1/{k}, 1]")
    p = np.repeat(((1.0 - conf) / (k - 1))[:, None], k, axis=1)
    p[:, 0] = conf
    return p


def floor_by_size(conf: np.ndarray, sizes: list[int], *, k: int, target: float = 0.03,
                  draws: int = 1000, seed: int = 0) -> list[dict[str, Any]]:
    """For each size n: the ECE floor of a perfectly calibrated model whose confidences are n
    draws from ``conf``: its mean and central 95 % interval over ``draws`` simulations, and the
    share of those draws at or below ``target``."""
    from meddx.evaluate import ece_if_calibrated

    rng = np.random.default_rng(seed)
    labels = [str(j) for j in range(k)]
    out = []
    for n in sizes:
        p = proba_with_confidence(rng.choice(conf, size=n, replace=True), k)
        y = np.zeros(n, dtype=np.int64)  # only the simulated floor is used, not the observed ECE
        check = ece_if_calibrated(y, p, task="multiclass", labels=labels, draws=draws, seed=seed)
        share = share_at_most(lambda q, y=y, p=p: _quantile(y, p, labels, q, draws, seed), target)
        out.append({"n": int(n), "floor_mean": round(check["mean"], 4),
                    "floor_95": [round(v, 4) for v in check["interval"]],
                    "share_at_most_target": round(share, 3)})
    return out


def _quantile(y: np.ndarray, p: np.ndarray, labels: list[str], q: float, draws: int,
              seed: int) -> float:
    """The q-quantile of the simulated floor: an end of the estimator's central interval."""
    from meddx.evaluate import ece_if_calibrated

    ci = abs(1.0 - 2.0 * q)
    if ci <= 0.0:
        ci = 1e-9
    lo, hi = ece_if_calibrated(y, p, task="multiclass", labels=labels, draws=draws, seed=seed,
                               ci=ci)["interval"]
    return lo if q < 0.5 else hi


def share_at_most(quantile, target: float, steps: int = 14) -> float:
    """The share q of draws at or below ``target``, for a nondecreasing ``quantile(q)``: the
    largest q with ``quantile(q) <= target``, by bisection (to 2**-steps)."""
    lo, hi = 0.0, 1.0
    for _ in range(steps):
        mid = (lo + hi) / 2
        if quantile(mid) <= target:
            lo = mid
        else:
            hi = mid
    return lo


def smallest_size(rows: list[dict[str, Any]], target: float, *, key: str) -> int | None:
    """The smallest n in ``rows`` whose floor (``key``: "mean", or "upper" for the 97.5 %
    quantile) is at most ``target``; None if none is."""
    for row in sorted(rows, key=lambda r: r["n"]):
        value = row["floor_mean"] if key == "mean" else row["floor_95"][1]
        if value <= target:
            return row["n"]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("predictions", type=Path)
    ap.add_argument("--n", default="250,531,1000,2000,4000,8000")
    ap.add_argument("--target", type=float, default=0.03)
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    conf = served_confidences(args.predictions)
    import pandas as pd

    k = sum(c.startswith("model_p[") for c in pd.read_csv(args.predictions, nrows=0).columns)
    rows = floor_by_size(conf, [int(v) for v in args.n.split(",")], k=k, target=args.target,
                         draws=args.draws)
    out = {"source": str(args.predictions), "rows_read": int(len(conf)),
           "confidence_mean": round(float(conf.mean()), 4), "target": args.target,
           "by_n": rows,
           "smallest_n_mean_at_most_target": smallest_size(rows, args.target, key="mean"),
           "smallest_n_upper_at_most_target": smallest_size(rows, args.target, key="upper")}
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
