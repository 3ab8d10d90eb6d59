"""Is the miscalibration left after a calibrator class-dependent? Evidence from VALIDATION only.

For each run, every validation note is scored out-of-fold (stratified k-fold on the validation
split, one repeat) by each calibrator named; the rows of all runs are pooled (the runs share
their validation notes, so the bootstrap resamples notes and keeps all runs' rows of a note
together). Per predicted class: notes, mean top-label confidence, accuracy, their gap with a 95 %
bootstrap interval. Overall: reliability in 10 equal-mass bins of confidence. Summary: the
class-wise top-label ECE (sum over predicted classes of share x |confidence - accuracy|) and the
10-bin equal-mass ECE, each beside the mean and 95 % range that a perfectly calibrated model with
the same confidences shows (hits drawn as Bernoulli(confidence)), the noise floor.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calibration_classwise.py \
        RUN [RUN ...] --val-cache DIR [--folds 5] [--boots 1000]
"""

from __future__ import annotations

import argparse

import numpy as np
from calibration_choice import cross_fit, ece_equal_mass, load_validation

CALIBRATORS = {
    "none": None,
    "toplabel(temper=True)": ("toplabel", {"temper": True}),
    "dirichlet(l2=0.01)": ("dirichlet", {"l2": 1e-2}),
    "toplabel_class(pull=0.01)": ("toplabel_class", {"pull": 1e-2}),
    "dirichlet_top(l2=0.01)": ("dirichlet_top", {"l2": 1e-2}),
}


def classwise_ece(conf: np.ndarray, hit: np.ndarray, pred: np.ndarray, k: int) -> float:
    return float(sum(abs(conf[pred == c].mean() - hit[pred == c].mean()) * np.sum(pred == c)
                     for c in range(k) if np.any(pred == c)) / len(conf))


def pooled(runs: list[str], cache: str | None, folds: int) -> dict[str, tuple]:
    """name -> (note index, y, probabilities) of all runs' out-of-fold rows."""
    from collections import Counter

    from meddx.evaluate import CALIBRATORS as REG

    out: dict[str, list] = {name: [] for name in CALIBRATORS}
    for run in runs:
        y, p = load_validation(run, cache)
        for name, spec in CALIBRATORS.items():
            factory = None if spec is None else (lambda s=spec: REG.get(s[0])(**s[1]))
            out[name].append((np.arange(len(y)), y, cross_fit(y, p, factory, folds, 0, Counter())))
    return {name: tuple(np.concatenate(parts) for parts in zip(*rows, strict=True))
            for name, rows in out.items()}


def report(name: str, idx: np.ndarray, y: np.ndarray, q: np.ndarray, boots: int) -> list[str]:
    rng = np.random.default_rng(0)
    k = q.shape[1]
    conf, pred = q.max(axis=1), q.argmax(axis=1)
    hit = (pred == y).astype(np.float64)
    notes = np.unique(idx)
    rows_of = [np.flatnonzero(idx == i) for i in notes]
    samples = [np.concatenate([rows_of[j] for j in rng.integers(0, len(notes), len(notes))])
               for _ in range(boots)]
    lines = [f"\n### {name}\n", "| predicted class | rows | confidence | accuracy | gap "
             "(conf. - acc.) [95 %] |", "| --- | ---: | ---: | ---: | ---: |"]
    for c in range(k):
        m = pred == c
        if not m.any():
            continue
        gaps = [conf[s][pred[s] == c].mean() - hit[s][pred[s] == c].mean() for s in samples
                if np.any(pred[s] == c)]
        lo, hi = np.percentile(gaps, [2.5, 97.5])
        lines.append(f"| {c} | {m.sum()} | {conf[m].mean():.3f} | {hit[m].mean():.3f} | "
                     f"{conf[m].mean() - hit[m].mean():+.3f} [{lo:+.3f}, {hi:+.3f}] |")
    lines += ["", "| equal-mass bin | confidence | accuracy | gap |", "| --- | ---: | ---: | ---: |"]
    for b, rows in enumerate(np.array_split(np.argsort(conf, kind="stable"), 10)):
        lines.append(f"| {b + 1} | {conf[rows].mean():.3f} | {hit[rows].mean():.3f} | "
                     f"{conf[rows].mean() - hit[rows].mean():+.3f} |")
    sims = rng.random((boots, len(conf))) < conf
    for label, fn in (("class-wise ECE", lambda h: classwise_ece(conf, h, pred, k)),
                      ("equal-mass ECE (10 bins)",
                       lambda h: ece_equal_mass(np.where(h, pred, (pred + 1) % k), q))):
        floor = [fn(s.astype(np.float64)) for s in sims]
        boot = [_on(fn, conf, hit, pred, q, s, k, label) for s in samples[: min(boots, 300)]]
        lines.append(f"\n{label}: {fn(hit):.4f} [bootstrap 95 % {np.percentile(boot, 2.5):.4f}, "
                     f"{np.percentile(boot, 97.5):.4f}]; a calibrated model with these "
                     f"confidences: mean {np.mean(floor):.4f}, 95 % range "
                     f"[{np.percentile(floor, 2.5):.4f}, {np.percentile(floor, 97.5):.4f}]")
    return lines


def _on(fn, conf, hit, pred, q, s, k, label) -> float:
    if label.startswith("class"):
        return classwise_ece(conf[s], hit[s], pred[s], k)
    return ece_equal_mass(np.where(hit[s] > 0, pred[s], (pred[s] + 1) % k), q[s])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--val-cache")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--boots", type=int, default=1000)
    args = ap.parse_args()
    print(f"validation only, out-of-fold ({args.folds}-fold), pooled over {len(args.runs)} runs")
    for name, (idx, y, q) in pooled(args.runs, args.val_cache, args.folds).items():
        print("\n".join(report(name, idx, y, q, args.boots)), flush=True)


if __name__ == "__main__":
    main()
