"""Which calibrator should ``eval.calibration: auto`` serve? Evidence from VALIDATION only.

For each finished run, the model's uncalibrated validation probabilities (cached at training
time, else recomputed with the run's model on one thread) go through repeated stratified
k-fold cross-fitting on the validation split: every note is scored by a calibrator fitted on
the other folds. Per candidate, averaged over the repeats: out-of-fold NLL, Brier, 15-bin
top-label ECE, accuracy, macro-F1, agreement of the top label with the uncalibrated one, and
the paired difference in accuracy and macro-F1 against the uncalibrated model with a 95 %
bootstrap interval over validation notes (resampling notes, the repeat-averaged difference).

Candidates: none, temperature, toplabel and toplabel(temper=True) (temperature, then the top
label recalibrated; both keep the argmax), vector and Dirichlet at each l2 of their
grid, isotonic, and ``auto`` under three rules, nested (its own 5-fold selection runs inside
each outer training fold): ``auto[nll]`` the session-9 rule (lowest CV NLL of all),
``auto[z=0]`` (a calibrator that can change the top label only when its CV accuracy is higher
than uncalibrated, by any amount, and its macro-F1 not lower) and ``auto[guarded]`` the rule
``auto`` has now (the same, but the accuracy gain must exceed 1.96 paired standard errors). The
test split is never read.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calibration_choice.py \
        RUN [RUN ...] [--folds 5] [--repeats 20] [--json OUT.json] [--val-cache DIR]

``--test`` (only once the rule is fixed and committed) prints instead the test split's served
figures (predictions.csv, uncalibrated columns) under the session-9 rule (lowest NLL of all,
without the top-label calibrators), the branch-calib rule and ``auto`` as it is now, each
fitted on all of validation.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

import numpy as np

from meddx.evaluate._calibrators_linear import macro_f1

EPS = 1e-12
L2 = (1e-3, 1e-2, 1e-1)


def load_validation(run_dir: str, cache: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The run's validation labels and uncalibrated probabilities (the split training used);
    with ``cache`` (a folder), kept there and reused on the next call for the same run."""
    import hashlib
    from pathlib import Path

    import torch

    file = None
    if cache:
        key = hashlib.sha1(str(Path(run_dir).resolve()).encode()).hexdigest()[:16]
        file = Path(cache) / f"{Path(run_dir).name}-{key}.npz"
        if file.is_file():
            with np.load(file) as data:
                return data["y"], data["p"]

    from meddx.data import make_splits
    from meddx.runs import cached_proba, load_run

    torch.set_num_threads(1)
    run = load_run(run_dir, with_baseline=False)
    corpus = run.corpus(quiet=True)
    val = corpus.subset(make_splits(corpus, run.config.data.split)["validation"])
    proba = cached_proba(run.path, val.texts)
    if proba is None:
        print(f"# {run_dir}: no matching cached validation probabilities; rescoring", flush=True)
        proba = run.model.predict_proba(val.texts, quiet=True)
    proba = np.asarray(proba, dtype=np.float64)
    y, p = np.asarray(val.y), proba / proba.sum(axis=1, keepdims=True)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        np.savez(file, y=y, p=p)
    return y, p


def candidates(rules: tuple[str, ...] = ("nll", "z=0", "guarded")) -> dict[str, object]:
    """name -> factory of an unfitted calibrator (None: uncalibrated); ``rules``: which nested
    ``auto`` rules to include."""
    from meddx.evaluate import CALIBRATORS, AutoCalibrator

    out: dict[str, object] = {"none": None, "temperature": CALIBRATORS.get("temperature"),
                              "toplabel": CALIBRATORS.get("toplabel"),
                              "toplabel(temper=True)": lambda: CALIBRATORS.get("toplabel")(
                                  temper=True)}
    for pull in (1e-2, 1e-1):
        out[f"toplabel_class(pull={pull:g})"] = (
            lambda v=pull: CALIBRATORS.get("toplabel_class")(pull=v))
    for name in ("vector", "dirichlet", "dirichlet_top"):
        for l2 in L2:
            out[f"{name}(l2={l2:g})"] = (lambda n=name, v=l2: CALIBRATORS.get(n)(l2=v))
    out["isotonic"] = CALIBRATORS.get("isotonic")
    auto = {"nll": lambda: AutoCalibrator(label_guard=False),
            "z=0": lambda: AutoCalibrator(guard_z=0.0), "guarded": AutoCalibrator}
    out.update({f"auto[{rule}]": auto[rule] for rule in rules})
    return out


def scores(y: np.ndarray, p: np.ndarray, ref: np.ndarray) -> dict[str, float]:
    from meddx.evaluate import brier_score, expected_calibration_error

    pred = p.argmax(axis=1)
    return {
        "nll": float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], EPS, 1.0)))),
        "brier": brier_score(y, p, task="multiclass"),
        "ece": expected_calibration_error(y, p, task="multiclass", n_bins=15),
        "ece_mass": ece_equal_mass(y, p),
        "accuracy": float(np.mean(pred == y)),
        "macro_f1": macro_f1(y, pred, p.shape[1]),
        "agreement": float(np.mean(pred == ref)),
    }


def ece_equal_mass(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> float:
    """Top-label ECE over ``n_bins`` bins holding (nearly) equal numbers of notes."""
    conf, hit = p.max(axis=1), (p.argmax(axis=1) == y).astype(np.float64)
    order = np.argsort(conf, kind="stable")
    return float(sum(abs(conf[b].mean() - hit[b].mean()) * len(b)
                     for b in np.array_split(order, n_bins) if len(b)) / len(y))


def cross_fit(y, p, factory, folds, seed, chosen: Counter) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    if factory is None:
        return p.copy()
    out = np.empty_like(p)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(p, y):
        cal = factory().fit(p[train], y[train])
        out[test] = cal.transform(p[test])
        if hasattr(cal, "selection_"):
            chosen[cal.selection_["chosen"]] += 1
    return out


def paired_interval(y, preds, ref_pred, k, metric, boots=1000, seed=0) -> tuple[float, float]:
    """95 % bootstrap interval over notes of mean_r metric(preds[r]) - metric(ref_pred)."""
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(boots):
        idx = rng.integers(0, len(y), len(y))
        base = metric(y[idx], ref_pred[idx], k)
        diffs.append(np.mean([metric(y[idx], q[idx], k) - base for q in preds]))
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(lo), float(hi)


def accuracy(y, pred, k) -> float:
    return float(np.mean(y == pred))


def study(run_dir: str, folds: int, repeats: int, cache: str | None,
          rules: tuple[str, ...] = ("nll", "z=0", "guarded")) -> dict:
    y, p = load_validation(run_dir, cache)
    k = p.shape[1]
    ref = p.argmax(axis=1)
    rows = {}
    for name, factory in candidates(rules).items():
        t0, chosen = time.time(), Counter()
        per, preds = [], []
        for r in range(repeats):
            q = cross_fit(y, p, factory, folds, r, chosen)
            per.append(scores(y, q, ref))
            preds.append(q.argmax(axis=1))
        row = {m: float(np.mean([s[m] for s in per])) for m in per[0]}
        row["sd"] = {m: float(np.std([s[m] for s in per])) for m in per[0]}
        for m, fn in (("accuracy", accuracy), ("macro_f1", macro_f1)):
            row[f"d_{m}"] = row[m] - fn(y, ref, k)
            row[f"d_{m}_ci"] = paired_interval(y, preds, ref, k, fn)
        if chosen:
            row["chosen_in_folds"] = dict(chosen.most_common())
        rows[name] = row
        print(f"#   {name}: {time.time() - t0:.1f} s", flush=True)
    from meddx.evaluate import AutoCalibrator

    served = {rule: AutoCalibrator(**kw).fit(p, y).selection_ for rule, kw in
              (("nll", {"label_guard": False}), ("z=0", {"guard_z": 0.0}), ("guarded", {}))}
    return {"run": run_dir, "n_validation": int(len(y)), "folds": folds, "repeats": repeats,
            "rows": rows, "auto_on_all_validation": served}


SESSION9 = ("temperature", "vector", "dirichlet", "isotonic")  # lowest NLL of all
CALIB = ("temperature", "toplabel", "vector", "dirichlet", "isotonic")  # guarded, branch calib


def test_split(run_dir: str, cache: str | None) -> list[str]:
    """Once the rule is fixed: the served test figures of the session-9 rule (lowest NLL of
    all), the branch-calib rule (guarded, toplabel the only label-preserving map besides
    temperature) and ``auto`` as it is now, each fitted on all of validation, beside
    uncalibrated."""
    import pandas as pd

    from meddx.evaluate import AutoCalibrator, compute_metrics

    y, p = load_validation(run_dir, cache)
    frame = pd.read_csv(f"{run_dir}/predictions.csv", dtype=str, keep_default_na=False)
    with open(f"{run_dir}/model/meddx_model.json", encoding="utf-8") as fh:
        labels = json.load(fh)["labels"]
    raw = "model_uncalibrated" if f"model_uncalibrated_p[{labels[0]}]" in frame else "model"
    pt = frame[[f"{raw}_p[{lab}]" for lab in labels]].astype(np.float64).to_numpy()
    pt /= pt.sum(axis=1, keepdims=True)  # the file rounds to 6 decimals
    yt = np.array([labels.index(v) for v in frame["true"]])
    served = {"uncalibrated": pt}
    for name, kw in (("session 9", {"label_guard": False, "candidates": SESSION9}),
                     ("calib", {"candidates": CALIB}), ("auto (now)", {})):
        cal = AutoCalibrator(**kw).fit(p, y)
        served[f"{name}: {cal.selection_['chosen']}"] = cal.transform(pt)
    out = []
    for name, q in served.items():
        m = compute_metrics(yt, q, task="multiclass", labels=[str(i) for i in range(len(labels))])
        nll = float(-np.mean(np.log(np.clip(q[np.arange(len(yt)), yt], EPS, 1.0))))
        out.append(f"| {run_dir} | {name} | {m['macro_f1']:.4f} | {m['accuracy']:.4f} | "
                   f"{m['macro_auroc']:.4f} | {m['ece']:.4f} | {nll:.4f} | {m['brier']:.4f} | "
                   f"{np.mean(q.argmax(axis=1) == pt.argmax(axis=1)):.3f} |")
    return out


def table(result: dict) -> str:
    head = ("| calibrator | NLL | Brier | ECE (15 bins) | ECE (10 equal-mass) | accuracy | macro-F1 "
            "| top label = uncalibrated | accuracy - uncal. [95 %] | macro-F1 - uncal. [95 %] |")
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in result["rows"].items():
        a, f = r["d_accuracy_ci"], r["d_macro_f1_ci"]
        lines.append(
            f"| {name} | {r['nll']:.4f} | {r['brier']:.4f} | {r['ece']:.4f} | {r['ece_mass']:.4f} "
            f"| {r['accuracy']:.4f} "
            f"| {r['macro_f1']:.4f} | {r['agreement']:.3f} | {r['d_accuracy']:+.4f} "
            f"[{a[0]:+.3f}, {a[1]:+.3f}] | {r['d_macro_f1']:+.4f} [{f[0]:+.3f}, {f[1]:+.3f}] |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--json", help="also write every figure to this JSON file")
    ap.add_argument("--val-cache", help="folder keeping each run's validation labels and "
                    "probabilities between calls (else they are recomputed each time)")
    ap.add_argument("--rules", nargs="*", default=["nll", "z=0", "guarded"],
                    choices=["nll", "z=0", "guarded"], help="the nested auto rules to cross-fit "
                    "(each is slow; none: the single calibrators only)")
    ap.add_argument("--test", action="store_true", help="instead: the test split, once, after "
                    "the rule was fixed (served figures of the session-9, calib and current rules)")
    args = ap.parse_args()
    if args.test:
        print("test split, after the choice was fixed (not used to choose anything)\n")
        print("| run | served | macro-F1 | accuracy | macro-AUROC | ECE (15 bins) | NLL | Brier "
              "| top label = uncalibrated |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for run_dir in args.runs:
            print("\n".join(test_split(run_dir, args.val_cache)), flush=True)
        return
    results = []
    for run_dir in args.runs:
        res = study(run_dir, args.folds, args.repeats, args.val_cache, tuple(args.rules))
        results.append(res)
        print(f"\n{run_dir}: {res['n_validation']} validation notes, {args.folds}-fold x "
              f"{args.repeats} repeats, out-of-fold (validation only)\n")
        print(table(res))
        for rule, sel in res["auto_on_all_validation"].items():
            print(f"\nauto[{rule}] fitted on all of validation chooses {sel['chosen']}")
        for name in (f"auto[{rule}]" for rule in args.rules):
            print(f"{name} inside the outer folds chose: {res['rows'][name].get('chosen_in_folds')}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
