"""Should the demo serve the blend with its TF-IDF baseline? Evidence from VALIDATION only.

For each finished run: the validation labels, the model's uncalibrated validation probabilities
(cached at training time, else rescored with the run's model on one thread; the loader of
``bench/calibration_choice.py``) and the run's TF-IDF baseline's validation probabilities
(``run.baseline.predict_proba(val.texts)``: the saved baseline of the run, on the validation
texts as today's de-identifier writes them, the call the pipeline's calibration stage makes).
Repeated stratified k-fold cross-fitting on the validation split, NESTED: each recipe, its own
choices included, is fitted on k-1 folds and scores the held-out fold:

* ``model + auto``: ``eval.blend: none`` (the demo now): ``AutoCalibrator()`` on the model;
* ``blend + auto``: ``eval.blend: baseline``: ``BaselineBlend()`` (the weight w from
  ``BLEND_WEIGHTS`` and the calibrator, ``auto`` with its label guard measured against the
  blend, chosen together by its own inner 5-fold cross-fitted NLL, then refitted);
* ``blend + <calibrator>``: the same with one calibrator (``--fixed``), for reading;
* ``model``, ``TF-IDF``: uncalibrated, for reading (the baseline is fitted on the training split,
  so its validation probabilities are already held out).

Per recipe, averaged over the repeats: out-of-fold macro-AUROC, NLL, Brier, 15-bin ECE,
accuracy, macro-F1 and the share of notes whose top label is the model's own; then paired 95 %
bootstrap intervals over the validation notes of the repeat-averaged difference ``blend + auto``
minus ``model + auto`` (and minus TF-IDF) for each metric. The test split is never read.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/blend_choice.py \
        RUN [RUN ...] --cache DIR [--folds 5] [--repeats 4] [--json OUT.json]
    .venv/bin/python bench/blend_choice.py OUT.json --cache DIR --summary   # the tables again
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

EPS = 1e-12
METRICS = ("auroc", "nll", "brier", "ece", "accuracy", "macro_f1")


def calibration_choice():
    """bench/calibration_choice.py, beside this file (its validation loader)."""
    import importlib
    import sys

    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.append(here)
    return importlib.import_module("calibration_choice")


def load(run_dir: str, cache: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validation labels, the model's and the run baseline's probabilities (cached in ``cache``)."""
    import hashlib

    key = hashlib.sha1(str(Path(run_dir).resolve()).encode()).hexdigest()[:16]
    file = Path(cache) / f"{Path(run_dir).name}-{key}-blend.npz"
    if file.is_file():
        with np.load(file) as data:
            return data["y"], data["p"], data["b"]
    y, p = calibration_choice().load_validation(run_dir, cache)

    from meddx.data import make_splits
    from meddx.runs import load_run

    run = load_run(run_dir)
    corpus = run.corpus(quiet=True)
    val = corpus.subset(make_splits(corpus, run.config.data.split)["validation"])
    if not np.array_equal(np.asarray(val.y), y):
        raise SystemExit(f"{run_dir}: the cached validation labels are not today's split")
    if list(run.baseline.labels) != list(run.model.labels):
        raise SystemExit(f"{run_dir}: the baseline's classes differ from the model's")
    b = np.asarray(run.baseline.predict_proba(val.texts), dtype=np.float64)
    b /= b.sum(axis=1, keepdims=True)
    np.savez(file, y=y, p=p, b=b)
    return y, p, b


def scores(y: np.ndarray, q: np.ndarray, ref: np.ndarray) -> dict[str, float]:
    """Out-of-fold figures of one table of probabilities (numpy only: the bootstrap calls it
    thousands of times). AUROC: one-vs-rest per class by the rank-sum formula, macro mean;
    ECE: 15 equal-width bins of the top-label confidence, as ``meddx.evaluate`` computes it."""
    from scipy.stats import rankdata

    n, k = q.shape
    pred = q.argmax(axis=1)
    onehot = np.zeros_like(q)
    onehot[np.arange(n), y] = 1.0
    aucs = []
    for c in range(k):
        pos = y == c
        n_pos = int(pos.sum())
        if 0 < n_pos < n:
            r = rankdata(q[:, c])
            aucs.append((r[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * (n - n_pos)))
    conf, hit = q[np.arange(n), pred], (pred == y).astype(np.float64)
    idx = np.clip(np.searchsorted(np.linspace(0.0, 1.0, 16), conf, side="left") - 1, 0, 14)
    gap = np.bincount(idx, weights=hit, minlength=15) - np.bincount(idx, weights=conf,
                                                                    minlength=15)
    f1 = []
    for c in range(k):
        tp = np.sum((pred == c) & (y == c))
        denom = np.sum(pred == c) + np.sum(y == c)
        f1.append(2 * tp / denom if denom else 0.0)
    return {
        "auroc": float(np.mean(aucs)),
        "nll": float(-np.mean(np.log(np.clip(q[np.arange(n), y], EPS, 1.0)))),
        "brier": float(np.mean(np.sum((q - onehot) ** 2, axis=1))),
        "ece": float(np.abs(gap).sum() / n),
        "accuracy": float(np.mean(hit)),
        "macro_f1": float(np.mean(f1)),
        "agreement": float(np.mean(pred == ref)),
    }


def recipes(fixed: tuple[str, ...]) -> dict[str, object]:
    """name -> fit(p, b, y) returning a function (p, b) -> served probabilities."""
    from meddx.evaluate import AutoCalibrator, BaselineBlend

    def model_auto(p, b, y):
        cal = AutoCalibrator().fit(p, y)
        return (lambda p2, b2: cal.transform(p2)), cal.selection_["chosen"]

    def blend(calibration):
        def fit(p, b, y):
            bl = BaselineBlend(calibration=calibration).fit(p, b, y)
            return bl.transform, f"w={bl.weight_:g} {bl.chosen_method}"
        return fit

    out = {"model + auto": model_auto, "blend + auto": blend("auto")}
    out.update({f"blend + {name}": blend(name) for name in fixed})
    return out


def study(y, p, b, folds: int, repeats: int, fixed: tuple[str, ...],
          boots: int = 1000) -> dict:
    from sklearn.model_selection import StratifiedKFold

    ref = p.argmax(axis=1)
    oof: dict[str, list[np.ndarray]] = {"model": [p] * repeats, "TF-IDF": [b] * repeats}
    chosen: dict[str, Counter] = {}
    seconds: dict[str, float] = {}
    for name, fit in recipes(fixed).items():
        t0, chosen[name], oof[name] = time.time(), Counter(), []
        for r in range(repeats):
            q = np.empty_like(p)
            for tr, te in StratifiedKFold(folds, shuffle=True, random_state=r).split(p, y):
                serve, what = fit(p[tr], b[tr], y[tr])
                q[te] = serve(p[te], b[te])
                chosen[name][what] += 1
            oof[name].append(q)
        seconds[name] = time.time() - t0
        print(f"#   {name}: {seconds[name]:.0f} s", flush=True)
    rows = {}
    for name, qs in oof.items():
        per = [scores(y, q, ref) for q in qs]
        rows[name] = {m: float(np.mean([s[m] for s in per])) for m in per[0]}
        if name in chosen:
            rows[name]["chosen_in_folds"] = dict(chosen[name].most_common())
    diffs = {ref_name: paired(y, oof["blend + auto"], oof[ref_name], ref, boots)
             for ref_name in ("model + auto", "TF-IDF")}
    return {"n_validation": int(len(y)), "folds": folds, "repeats": repeats, "rows": rows,
            "blend_minus": diffs, "seconds": seconds}


def paired(y, qs, refs, ref_pred, boots: int = 1000, seed: int = 0) -> dict[str, list[float]]:
    """Per metric: the repeat-averaged difference (qs minus refs) and its 95 % bootstrap interval
    over validation notes."""
    rng = np.random.default_rng(seed)
    point = {m: float(np.mean([scores(y, q, ref_pred)[m] - scores(y, r, ref_pred)[m]
                               for q, r in zip(qs, refs, strict=True)])) for m in METRICS}
    draws = {m: [] for m in METRICS}
    for _ in range(boots):
        idx = rng.integers(0, len(y), len(y))
        while len(np.unique(y[idx])) < qs[0].shape[1]:  # AUROC needs every class
            idx = rng.integers(0, len(y), len(y))
        d = [(scores(y[idx], q[idx], ref_pred[idx]), scores(y[idx], r[idx], ref_pred[idx]))
             for q, r in zip(qs, refs, strict=True)]
        for m in METRICS:
            draws[m].append(np.mean([a[m] - c[m] for a, c in d]))
    return {m: [point[m], *np.percentile(draws[m], [2.5, 97.5]).tolist()] for m in METRICS}


def table(name: str, res: dict) -> str:
    lines = [f"\n{name}: {res['n_validation']} validation notes, {res['folds']}-fold x "
             f"{res['repeats']} repeats, out-of-fold (validation only)\n",
             "| recipe | macro-AUROC | NLL | Brier | ECE (15 bins) | accuracy | macro-F1 "
             "| top label = model's | chosen in the outer folds |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for recipe, r in res["rows"].items():
        picks = ", ".join(f"{k} {v}" for k, v in r.get("chosen_in_folds", {}).items())
        lines.append(f"| {recipe} | {r['auroc']:.4f} | {r['nll']:.4f} | {r['brier']:.4f} | "
                     f"{r['ece']:.4f} | {r['accuracy']:.4f} | {r['macro_f1']:.4f} | "
                     f"{r['agreement']:.3f} | {picks} |")
    for ref_name, d in res["blend_minus"].items():
        lines.append(f"\nblend + auto minus {ref_name} [95 %]: " + "; ".join(
            f"{m} {v[0]:+.4f} [{v[1]:+.4f}, {v[2]:+.4f}]" for m, v in d.items()))
    return "\n".join(lines)


def summary(results: dict) -> str:
    """One row per run: each recipe's out-of-fold figures and the blend's paired differences."""
    lines = ["| run | recipe | macro-AUROC | NLL | Brier | ECE (15 bins) | accuracy | macro-F1 "
             "| top label = model's | weights chosen in the outer folds |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    diffs = ["| run | " + " | ".join(f"{m} [95 %]" for m in METRICS) + " |",
             "| --- |" + " ---: |" * len(METRICS)]
    for run_dir, res in results.items():
        name = Path(run_dir).name
        for recipe in ("model + auto", "blend + auto", "TF-IDF"):
            r = res["rows"][recipe]
            weights = Counter()
            for what, count in r.get("chosen_in_folds", {}).items():
                weights[what.split()[0]] += count
            lines.append(f"| {name} | {recipe} | {r['auroc']:.4f} | {r['nll']:.4f} | "
                         f"{r['brier']:.4f} | {r['ece']:.4f} | {r['accuracy']:.4f} | "
                         f"{r['macro_f1']:.4f} | {r['agreement']:.3f} | "
                         f"{', '.join(f'{k} {v}' for k, v in sorted(weights.items()))} |")
        for ref_name, d in res["blend_minus"].items():
            diffs.append(f"| {name}, minus {ref_name} | " + " | ".join(
                f"{d[m][0]:+.3f} [{d[m][1]:+.3f}, {d[m][2]:+.3f}]" for m in METRICS) + " |")
    return "\n".join(lines) + "\n\nblend + auto minus the recipe named:\n\n" + "\n".join(diffs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--cache", required=True, help="folder keeping each run's validation arrays")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=4)
    ap.add_argument("--fixed", nargs="*", default=[], help="also blend with these calibrators "
                    "(registered names), w still chosen inside the folds")
    ap.add_argument("--json", help="also write every figure to this JSON file")
    ap.add_argument("--summary", action="store_true", help="instead: print the per-run summary "
                    "tables of an earlier --json file (give its path as the only RUN)")
    args = ap.parse_args()
    if args.summary:
        print(summary(json.loads(Path(args.runs[0]).read_text(encoding="utf-8"))))
        return
    import torch

    torch.set_num_threads(1)
    results = {}
    for run_dir in args.runs:
        y, p, b = load(run_dir, args.cache)
        res = study(y, p, b, args.folds, args.repeats, tuple(args.fixed))
        results[run_dir] = res
        print(table(run_dir, res), flush=True)
        if args.json:  # after each run, so a long job leaves what it has
            Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    if len(results) > 1:
        print("\nMean over runs (the runs share their validation notes: one sample seen "
              f"{len(results)} times, not independent evidence)\n")
        names = list(next(iter(results.values()))["rows"])
        print("| recipe | " + " | ".join(METRICS) + " |")
        print("| --- |" + " ---: |" * len(METRICS))
        for recipe in names:
            print(f"| {recipe} | " + " | ".join(
                f"{np.mean([r['rows'][recipe][m] for r in results.values()]):.4f}"
                for m in METRICS) + " |")


if __name__ == "__main__":
    main()
