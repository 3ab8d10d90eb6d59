"""Issue 15 item 1: which served recipe meets it most often across OTHER splits than the demo's?
(docs/benchmarks.md, "Demo calibration: the recipe chosen across five other splits"; the plan
and the decision rule, fixed before any test figure was computed: bench/results/cal12_plan.md.)

For each finished demo run (one split seed each; never seed 13, the demo's own): the
validation and test labels, the model's uncalibrated probabilities and the run's TF-IDF
baseline's, all on the texts as today's de-identifier writes them. Each recipe is fitted on
the validation split only and applied to the test split:

* (a) ``model + auto``: ``eval.blend: none``, ``eval.calibration: auto``;
* (b) ``blend + auto (w 0..0.7)``: ``eval.blend: baseline`` as built (the demo since session 11);
* (c) ``blend + auto (w 0..0.4)``: the weight grid capped at 0.4;
* (d) ``pool + temperature``: :class:`LinearPool`, a linear pool of the two calibrated
  probability vectors, then one temperature;
* (e) ``blend + toplabel``: the geometric blend with the 2-parameter ``toplabel`` calibrator.

Per split and recipe: macro-F1, accuracy, macro-AUROC and 15-bin ECE of the served test
probabilities, the paired bootstrap against the split's TF-IDF (1000 resamples, seed 42, as a
run's verdict), the ECE floor (mean ECE of 500 label draws from the served probabilities), and
whether item 1's four conditions hold; then the decision rule (:func:`rank`).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/cal12_splits.py \
        RUN [RUN ...] --cache /tmp/cal12/cache --json /tmp/cal12/result.json
    .venv/bin/python bench/cal12_splits.py --load /tmp/cal12/inputs  # inputs only, no scoring
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

EPS = 1e-12
POOL_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
CONDITIONS = ("macro_f1", "accuracy", "macro_auroc", "ece")


# --- inputs --------------------------------------------------------------------------------

def load(run_dir: str, cache: Path) -> dict[str, Any]:
    """Labels and probabilities of one run on today's de-identified texts (cached in ``cache``).

    Validation: the run's own cache if its digest matches today's texts, else rescored with the
    run's model (one thread); test: ``predictions.csv``'s uncalibrated columns when the
    validation cache matched and the file has them, else rescored too. The baseline: the run's
    saved TF-IDF on both splits."""
    file = cache / (Path(run_dir).name + ".npz")
    if file.is_file():
        with np.load(file) as data:
            return {k: data[k] for k in data.files}
    import pandas as pd
    import torch

    from meddx.data import make_splits
    from meddx.runs import cached_proba, load_run

    torch.set_num_threads(1)
    run = load_run(run_dir)
    corpus = run.corpus(quiet=True)
    index = make_splits(corpus, run.config.data.split)
    val, test = corpus.subset(index["validation"]), corpus.subset(index["test"])
    labels = list(run.model.labels)
    if list(run.baseline.labels) != labels:
        raise SystemExit(f"{run_dir}: the baseline's classes differ from the model's")
    pv = cached_proba(run.path, val.texts)
    matched = pv is not None
    frame = pd.read_csv(f"{run_dir}/predictions.csv", dtype=str, keep_default_na=False)
    cols = [f"model_uncalibrated_p[{lab}]" for lab in labels]
    if matched and all(c in frame for c in cols):
        if [labels.index(v) for v in frame["true"]] != list(test.y):
            raise SystemExit(f"{run_dir}: predictions.csv rows are not the test split in order")
        pt = frame[cols].astype(np.float64).to_numpy()
        source = "cache and predictions.csv"
    else:
        print(f"# {run_dir}: rescoring with the run's model (validation cache "
              f"{'matched' if matched else 'did not match today’s texts'})", flush=True)
        if not matched:
            pv = run.model.predict_proba(val.texts, quiet=True)
        pt = run.model.predict_proba(test.texts, quiet=True)
        source = "rescored" if not matched else "cache; test rescored"
    out = {"yv": np.asarray(val.y), "yt": np.asarray(test.y),
           "pv": _norm(pv), "pt": _norm(pt),
           "bv": _norm(run.baseline.predict_proba(val.texts)),
           "bt": _norm(run.baseline.predict_proba(test.texts)),
           "labels": np.asarray(labels), "source": np.asarray(source),
           "seed": np.asarray(run.config.data.split.seed)}
    if int(out["seed"]) == 13:
        raise SystemExit(f"{run_dir}: split seed 13 is the demo's own; this bench never reads it")
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(file, **out)
    return out


def _norm(p: Any) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    return p / p.sum(axis=1, keepdims=True)


# --- recipe (d) ----------------------------------------------------------------------------

class LinearPool:
    """``T((1 - w) cal_m(p) + w cal_b(b))``: the model's and the baseline's probabilities, each
    calibrated by ``auto``, averaged with weight ``w``, then one temperature; ``cal_m(p)`` at
    ``w = 0``. ``w`` is chosen by held-out NLL: the two calibrators are cross-fitted
    (``folds``), pooled, and a temperature is cross-fitted on the pool at each ``w``; the model
    alone is scored by its own cross-fitted NLL. Refit: both calibrators on all rows, the
    temperature on the cross-fitted pool at the chosen ``w``."""

    needs_baseline = True

    def __init__(self, *, weights: tuple[float, ...] = POOL_WEIGHTS, folds: int = 5,
                 seed: int = 0) -> None:
        self.weights, self.folds, self.seed = tuple(weights), folds, seed

    def fit(self, p: np.ndarray, b: np.ndarray, y: np.ndarray) -> LinearPool:
        from sklearn.model_selection import StratifiedKFold

        from meddx.evaluate import AutoCalibrator, TemperatureScaling

        folds = list(StratifiedKFold(self.folds, shuffle=True, random_state=self.seed)
                     .split(p, y))
        cm, cb = np.empty_like(p), np.empty_like(b)
        for tr, te in folds:
            cm[te] = AutoCalibrator(seed=self.seed).fit(p[tr], y[tr]).transform(p[te])
            cb[te] = AutoCalibrator(seed=self.seed).fit(b[tr], y[tr]).transform(b[te])
        held = {}
        for w in sorted(set(self.weights) | {0.0}):
            if w == 0:
                held[w] = nll(y, cm)
                continue
            q, out = (1 - w) * cm + w * cb, np.empty_like(cm)
            for tr, te in folds:
                out[te] = TemperatureScaling().fit(q[tr], y[tr]).transform(q[te])
            held[w] = nll(y, out)
        self.weight_ = float(min(sorted(self.weights), key=lambda w: (held[w], w)))
        self.selection_ = {"nll": {f"{w:g}": v for w, v in held.items()}}
        self.cal_m_ = AutoCalibrator(seed=self.seed).fit(p, y)
        self.cal_b_ = AutoCalibrator(seed=self.seed).fit(b, y)
        w = self.weight_
        self.temp_ = None if w == 0 else TemperatureScaling().fit((1 - w) * cm + w * cb, y)
        return self

    @property
    def chosen_method(self) -> str:
        return (f"auto {self.cal_m_.chosen_method} + auto {self.cal_b_.chosen_method}, "
                f"T={'-' if self.temp_ is None else f'{self.temp_.temperature_:.2f}'}")

    def transform(self, p: np.ndarray, b: np.ndarray) -> np.ndarray:
        if self.temp_ is None:
            return self.cal_m_.transform(p)
        w = self.weight_
        return self.temp_.transform((1 - w) * self.cal_m_.transform(p)
                                    + w * self.cal_b_.transform(b))


# --- the recipes and the scoring ----------------------------------------------------------

def recipes() -> dict[str, Any]:
    """name -> factory of an unfitted recipe (``fit(p, b, y)``, ``transform(p, b)``)."""
    from meddx.evaluate import BaselineBlend

    return {
        "(a) model + auto": lambda: BaselineBlend(weights=(0.0,)),
        "(b) blend + auto, w 0..0.7 (demo now)": lambda: BaselineBlend(),
        "(c) blend + auto, w 0..0.4": lambda: BaselineBlend(weights=(0.0, 0.1, 0.2, 0.3, 0.4)),
        "(d) pool + temperature": lambda: LinearPool(),
        "(e) blend + toplabel": lambda: BaselineBlend(calibration="toplabel"),
    }


def nll(y: np.ndarray, p: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], EPS, 1))))


def ece_floor(p: np.ndarray, reps: int = 500, seed: int = 0) -> float:
    """Mean 15-bin ECE of ``reps`` label draws from ``p`` itself (no true labels):
    ``bench/demo_calibration.py``'s floor."""
    import importlib
    import sys

    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.append(here)
    return importlib.import_module("demo_calibration").ece_floor(p, reps=reps, seed=seed)[0]


def score_test(y: np.ndarray, served: np.ndarray, baseline: np.ndarray,
               labels: list[str], *, n_boot: int = 1000, floor_reps: int = 500) -> dict:
    """Item 1's figures of one served table on one test split, and whether each condition holds."""
    from meddx.evaluate import compute_metrics, paired_comparison

    m = compute_metrics(y, served, task="multiclass", labels=labels)
    cmp = paired_comparison(y, served, baseline, task="multiclass", labels=labels,
                            n_boot=n_boot, seed=42, ece_bins=15)["metrics"]
    out = {k: float(m[k]) for k in ("macro_f1", "accuracy", "macro_auroc", "ece")}
    out["floor"] = ece_floor(served, reps=floor_reps)
    out["diff"] = {k: [cmp[k]["difference"], *cmp[k]["ci"]]
                   for k in ("macro_f1", "accuracy", "macro_auroc")}
    out["met"] = {k: cmp[k]["verdict"] == "better" for k in ("macro_f1", "accuracy", "macro_auroc")}
    out["met"]["ece"] = out["ece"] <= 0.03
    out["all"] = all(out["met"].values())
    return out


def rank(per_recipe: dict[str, list[dict]]) -> list[tuple[str, dict]]:
    """The plan's decision rule: most splits meeting all four conditions, then the lowest mean
    (ECE - floor), then the highest mean macro-AUROC (ties to 0.001). Best first."""
    rows = []
    for name, splits in per_recipe.items():
        summary = {
            "all": sum(s["all"] for s in splits),
            **{f"n_{k}": sum(s["met"][k] for s in splits) for k in CONDITIONS},
            "excess": float(np.mean([s["ece"] - s["floor"] for s in splits])),
            "auroc": float(np.mean([s["macro_auroc"] for s in splits])),
            "ece": float(np.mean([s["ece"] for s in splits])),
            "n": len(splits)}
        rows.append((name, summary))
    return sorted(rows, key=lambda r: (-r[1]["all"], round(r[1]["excess"], 3),
                                       -round(r[1]["auroc"], 3)))


def run_split(d: dict, factories: dict[str, Any]) -> dict[str, dict]:
    labels = [str(i) for i in range(d["pt"].shape[1])]
    out = {}
    for name, make in factories.items():
        t0 = time.perf_counter()
        r = make().fit(d["pv"], d["bv"], d["yv"])
        served = r.transform(d["pt"], d["bt"])
        s = score_test(d["yt"], served, d["bt"], labels)
        s.update(weight=float(r.weight_), calibrator=str(r.chosen_method),
                 seconds=round(time.perf_counter() - t0, 1))
        out[name] = s
    tfidf = compute_tfidf(d, labels)
    out["TF-IDF"] = tfidf
    return out


def compute_tfidf(d: dict, labels: list[str]) -> dict:
    from meddx.evaluate import compute_metrics

    m = compute_metrics(d["yt"], d["bt"], task="multiclass", labels=labels)
    return {k: float(m[k]) for k in ("macro_f1", "accuracy", "macro_auroc", "ece")}


def print_tables(results: dict[str, dict[str, dict]]) -> None:
    print("\n| split | recipe | w | calibrator | macro-F1 | accuracy | macro-AUROC | ECE | floor | "
          "F1 - TF-IDF [CI] | acc - TF-IDF [CI] | AUROC - TF-IDF [CI] | all four |")
    print("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |")
    for split, rows in results.items():
        for name, s in rows.items():
            if name == "TF-IDF":
                print(f"| {split} | TF-IDF | | | {s['macro_f1']:.3f} | {s['accuracy']:.3f} | "
                      f"{s['macro_auroc']:.3f} | {s['ece']:.3f} | | | | | |")
                continue
            diff = " | ".join(f"{v[0]:+.3f} [{v[1]:+.3f}, {v[2]:+.3f}]{'*' if s['met'][k] else ''}"
                              for k, v in s["diff"].items())
            print(f"| {split} | {name} | {s['weight']:g} | {s['calibrator']} | "
                  f"{s['macro_f1']:.3f} | {s['accuracy']:.3f} | {s['macro_auroc']:.3f} | "
                  f"{s['ece']:.3f}{'*' if s['met']['ece'] else ''} | {s['floor']:.3f} | {diff} | "
                  f"{'yes' if s['all'] else 'no'} |")
    per = {name: [rows[name] for rows in results.values()]
           for name in next(iter(results.values())) if name != "TF-IDF"}
    print("\n| rank | recipe | splits meeting all four | macro-F1 | accuracy | macro-AUROC | "
          "ECE <= 0.03 | mean ECE | mean ECE - floor | mean macro-AUROC |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for i, (name, s) in enumerate(rank(per), 1):
        print(f"| {i} | {name} | {s['all']} of {s['n']} | {s['n_macro_f1']} | {s['n_accuracy']} | "
              f"{s['n_macro_auroc']} | {s['n_ece']} | {s['ece']:.3f} | {s['excess']:+.3f} | "
              f"{s['auroc']:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cal12/cache"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--load", action="store_true",
                    help="only build the cached inputs (no recipe is fitted, nothing scored)")
    args = ap.parse_args()
    data = {}
    for run_dir in args.runs:
        d = load(run_dir, args.cache)
        data[f"seed {int(d['seed'])}"] = d
        print(f"# {run_dir}: seed {int(d['seed'])}, {len(d['yv'])} validation, {len(d['yt'])} test "
              f"notes; model probabilities from {d['source']}", flush=True)
    if args.load:
        return
    from threadpoolctl import threadpool_limits

    results = {}
    with threadpool_limits(limits=1, user_api="blas"):
        for split, d in data.items():
            results[split] = run_split(d, recipes())
            print(f"# {split} scored", flush=True)
    print_tables(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
