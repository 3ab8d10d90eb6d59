"""How often would a perfectly calibrated model meet an ECE target on a run's test split?

    PYTHONPATH=src .venv/bin/python bench/ece_floor.py RUN [RUN ...] [--target 0.03]

Reads each run's predictions.csv (the served probabilities, ``model_p[...]`` columns, and the
served label ``model_pred``, which wins the ties the CSV's rounding makes), keeps
the confidences, draws the outcomes as if they were exactly right (the simulation of
``meddx.evaluate.ece_if_calibrated``, 15 bins, 2,000 draws, seed 0) and prints the observed ECE,
the simulated mean and 95% interval, and the share of draws at or under ``--target``.

``--sizes 1000,2000`` also asks how many test notes the target needs: it resamples the run's
confidences (with replacement) to each size and repeats the simulation (20 resamples x 100 draws).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from meddx.evaluate import ece_if_calibrated, expected_calibration_error
from meddx.evaluate._calibration_check import _simulated_ece


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--target", type=float, default=0.03)
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--sizes", default="", help="comma list of test-split sizes to simulate")
    args = ap.parse_args()
    for run in args.runs:
        if not (run / "predictions.csv").is_file():
            ap.error(f"{run}: no predictions.csv (pass a run folder written by meddx train or demo)")
        df = pd.read_csv(run / "predictions.csv")
        cols = [c for c in df.columns if c.startswith("model_p[")]
        names = [c[len("model_p["):-1] for c in cols]
        p = df[cols].to_numpy()
        # the CSV rounds to 6 decimals: where a calibrator put the served label just above the
        # runner-up the two print equal, so lift the served label (model_pred) by a hair to keep
        # the argmax the served one
        if "model_pred" in df.columns:
            p[np.arange(len(p)), [names.index(t) for t in df["model_pred"]]] += 1e-7
        p = p / p.sum(axis=1, keepdims=True)
        y = np.array([names.index(t) for t in df["true"]])
        check = ece_if_calibrated(y, p, task="multiclass", labels=names, draws=args.draws)
        sims = _simulated_ece(p.max(axis=1), 15, args.draws, np.random.default_rng(0))
        print(f"{run}: n {len(y)}, observed ECE "
              f"{expected_calibration_error(y, p, task='multiclass'):.3f}, calibrated model "
              f"{check['mean']:.3f} [{check['interval'][0]:.3f}, {check['interval'][1]:.3f}], "
              f"p = {check['p_value']:.2f}, share of draws <= {args.target}: "
              f"{np.mean(sims <= args.target):.2f}")
        conf = p.max(axis=1)
        for size in [int(x) for x in args.sizes.split(",") if x.strip()]:
            rng = np.random.default_rng(size)
            sims = np.concatenate([
                _simulated_ece(rng.choice(conf, size=size, replace=True), 15, 100, rng)
                for _ in range(20)
            ])
            print(f"  {size} test notes at these confidences: calibrated model mean ECE "
                  f"{sims.mean():.3f}, share of draws <= {args.target}: {np.mean(sims <= args.target):.2f}")


if __name__ == "__main__":
    main()
