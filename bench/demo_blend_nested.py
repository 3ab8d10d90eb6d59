"""Why the demo's blend with the TF-IDF baseline (``eval.blend: baseline``) is miscalibrated on
unseen notes: nested evaluation inside the VALIDATION split, and the baseline's C checked on
the TRAINING split (docs/benchmarks.md, "Why the blend was over-confident").

For each finished run: the model's validation probabilities (cached at training time), the
run's TF-IDF baseline (C chosen on validation by macro-F1, as training does) and the baseline
refitted with C chosen by 5-fold cross-validated NLL on the training split (``--refit``).

* ``baseline``: per C of the grid, the baseline's out-of-fold NLL and macro-F1 on the training
  split (5 folds) beside its NLL and macro-F1 on validation (fitted on all of train): is the
  validation split, or the C chosen on it, flattering the baseline?
* ``--pooled``: is the validation split itself easy for TF-IDF? Train and validation pooled,
  5-fold cross-validation (2 shuffles, C 10 and 30): the out-of-fold NLL of the validation
  notes beside that of the training notes under the same procedure, and the validation NLL of
  a baseline fitted on 80% of train (the data-size part of the out-of-fold gap).
* ``nested``: each recipe (blend weight grid x calibrator) is fitted on 4 of 5 outer folds of
  validation (its own inner cross-fitting included) and scored on the fifth; repeated for
  ``--seeds`` outer shuffles. Reported: NLL, ECE (15 bins), the over-confidence gap (mean top
  probability minus accuracy), macro-AUROC, and the ECE a perfectly calibrated model with those
  probabilities would show (labels drawn from them; no true labels).
* ``--test`` (read once, after the rule was fixed): the recipes named in ``--test-rows``
  fitted on all of validation and scored on the test split (``predictions.csv``).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/demo_blend_nested.py \
        RUN [RUN ...] --cache /tmp/blend7/cache [--seeds 5] [--test]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

EPS = 1e-12
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)


def splits(run_dir: str):
    """The run and its train, validation and test splits, de-identified as training saw them."""
    from meddx.data import make_splits
    from meddx.runs import load_run

    run = load_run(run_dir)
    corpus = run.corpus(quiet=True)
    index = make_splits(corpus, run.config.data.split)
    return run, *(corpus.subset(index[s]) for s in ("train", "validation", "test"))


def load(run_dir: str, cache: Path) -> dict[str, np.ndarray]:
    """demo_calibration's arrays of one run (validation and test: labels, the model's and the
    run baseline's probabilities) and the baseline refits per C; cached in ``cache``."""
    path = cache / (Path(run_dir).resolve().as_posix().strip("/").replace("/", "_") + ".npz")
    if path.is_file():
        with np.load(path) as data:
            return dict(data)
    out = calibration_bench().load(run_dir)
    run, train, val, test = splits(run_dir)
    if not np.array_equal(out["yt"], test.y):
        raise SystemExit(f"{run_dir}: predictions.csv rows are not the test split in order")
    out.update(baseline_grid(run, train, val, test), ytr=train.y,
               run_c=np.asarray(run.baseline.C, np.float64))
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    return out


def baseline_grid(run, train, val, test) -> dict[str, np.ndarray]:
    """Per C: out-of-fold probabilities on train (5 folds) and the fit on all of train scored on
    validation and test (test is stored, printed only with --test)."""
    from sklearn.model_selection import StratifiedKFold

    from meddx.models import TfidfBaseline
    from meddx.text import normalize_all

    prep = run.baseline.prep
    x_tr, x_v, x_t = (normalize_all(s.texts, prep) for s in (train, val, test))
    k = len(run.baseline.labels)
    out: dict[str, np.ndarray] = {}
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(x_tr, train.y))
    for C in C_GRID:
        t0 = time.perf_counter()
        oof = np.zeros((len(x_tr), k))
        for tr, te in folds:
            pipe = TfidfBaseline._make(C, False, 0).fit([x_tr[i] for i in tr], train.y[tr])
            oof[te] = pipe.predict_proba([x_tr[i] for i in te])
        pipe = TfidfBaseline._make(C, False, 0).fit(x_tr, train.y)
        out[f"oof_{C:g}"], out[f"bv_{C:g}"] = oof, pipe.predict_proba(x_v)
        out[f"bt_{C:g}"] = pipe.predict_proba(x_t)
        print(f"  baseline C={C:g} fitted ({time.perf_counter() - t0:.0f} s)", flush=True)
    return out


def pooled(run_dir: str) -> None:
    from sklearn.model_selection import StratifiedKFold

    from meddx.models import TfidfBaseline
    from meddx.text import normalize_all

    run, train, val, _ = splits(run_dir)
    x = normalize_all(train.texts, run.baseline.prep) + normalize_all(val.texts, run.baseline.prep)
    y, k = np.r_[train.y, val.y], len(run.baseline.labels)
    is_val = np.arange(len(y)) >= len(train.y)

    def losses(pipe, idx):
        p = np.zeros((len(idx), k))
        p[:, pipe.classes_] = pipe.predict_proba([x[i] for i in idx])
        return -np.log(np.clip(p[np.arange(len(idx)), y[idx]], EPS, 1))

    print("\n| C | pooled OOF NLL, validation notes (SE) | pooled OOF NLL, training notes | "
          "val NLL, baseline fitted on 80% of train |\n| ---: | ---: | ---: | ---: |")
    for C in (10.0, 30.0):
        loss = np.zeros((2, len(y)))
        for s in range(2):
            for a, b in StratifiedKFold(5, shuffle=True, random_state=s).split(x, y):
                loss[s, b] = losses(TfidfBaseline._make(C, False, 0).fit([x[i] for i in a], y[a]), b)
        part = []
        for s in range(3):
            idx = np.random.default_rng(s).permutation(len(train.y))[: int(0.8 * len(train.y))]
            pipe = TfidfBaseline._make(C, False, 0).fit([x[i] for i in idx], y[idx])
            part.append(losses(pipe, np.flatnonzero(is_val)).mean())
        se = loss[0, is_val].std() / np.sqrt(is_val.sum())
        print(f"| {C:g} | {loss[:, is_val].mean():.4f} ({se:.3f}) | {loss[:, ~is_val].mean():.4f} | "
              f"{np.mean(part):.4f} |", flush=True)


def nll(y: np.ndarray, p: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], EPS, 1))))


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """demo_calibration's scores and the over-confidence gap: mean top probability minus
    accuracy (0 when the top label is calibrated on average)."""
    gap = float(p.max(axis=1).mean() - (p.argmax(axis=1) == y).mean())
    return {**calibration_bench().scores(y, p), "gap": gap}


def ece_floor(p: np.ndarray) -> float:
    """Mean ECE these probabilities would show if perfectly calibrated (labels drawn from p)."""
    return calibration_bench().ece_floor(p, reps=200)[0]


def calibration_bench():
    """bench/demo_calibration.py, beside this file (its scores and ECE floor)."""
    import importlib.util
    import sys

    if "demo_calibration" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "demo_calibration", Path(__file__).with_name("demo_calibration.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["demo_calibration"]


def recipes(d: dict[str, np.ndarray]) -> dict[str, tuple]:
    """name -> (baseline validation probs, baseline test probs, BaselineBlend settings)."""
    from meddx.evaluate import BLEND_WEIGHTS

    c_cv = min(C_GRID, key=lambda C: (nll(d["ytr"], d[f"oof_{C:g}"]), C))
    run_c = float(d["run_c"])
    saved = (d["bv"], d["bt"])
    cv = (d[f"bv_{c_cv:g}"], d[f"bt_{c_cv:g}"])
    wide = (*BLEND_WEIGHTS, 0.8, 0.9)
    return {
        "model alone + auto (blend: none)": (*saved, {"weights": (0.0,)}),
        f"blend + auto, C={run_c:g} (val macro-F1; current)": (*saved, {}),
        f"blend + temperature, C={run_c:g}": (*saved, {"calibration": "temperature"}),
        f"blend + vector, C={run_c:g}": (*saved, {"calibration": "vector"}),
        f"blend + dirichlet, C={run_c:g}": (*saved, {"calibration": "dirichlet"}),
        f"blend + auto, C={c_cv:g} (train CV NLL)": (*cv, {}),
        f"blend + temperature, C={c_cv:g} (train CV NLL)": (*cv, {"calibration": "temperature"}),
        f"blend + temperature w<=0.9, C={c_cv:g}": (*cv, {"calibration": "temperature",
                                                          "weights": wide}),
    }


def baseline_table(d: dict[str, np.ndarray], test: bool) -> None:
    from meddx.evaluate import compute_metrics

    def f1(y, p):
        return compute_metrics(y, p, task="multiclass",
                               labels=[str(i) for i in range(p.shape[1])])["macro_f1"]

    print(f"\nTF-IDF baseline per C (the run chose C={float(d['run_c']):g} on validation by "
          "macro-F1)\n")
    head = "| C | train out-of-fold NLL | train OOF macro-F1 | val NLL | val macro-F1 |"
    print(head + (" test NLL | test macro-F1 |" if test else ""))
    print("| ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if test else ""))
    for C in C_GRID:
        oof, bv = d[f"oof_{C:g}"], d[f"bv_{C:g}"]
        row = (f"| {C:g} | {nll(d['ytr'], oof):.4f} | {f1(d['ytr'], oof):.4f} | "
               f"{nll(d['yv'], bv):.4f} | {f1(d['yv'], bv):.4f} |")
        if test:
            bt = d[f"bt_{C:g}"]
            row += f" {nll(d['yt'], bt):.4f} | {f1(d['yt'], bt):.4f} |"
        print(row)


def nested(d: dict[str, np.ndarray], seeds: int) -> None:
    from sklearn.model_selection import StratifiedKFold

    from meddx.evaluate import BaselineBlend

    y, pv = d["yv"], d["pv"]
    print(f"\nNested on validation ({len(y)} notes; 5 outer folds x {seeds} shuffles; mean over "
          "shuffles, [min, max])\n")
    print("| recipe | NLL | ECE | ECE if perfectly calibrated | over-confidence gap | "
          "macro-AUROC | weights chosen |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, (bv, _, kw) in recipes(d).items():
        t0 = time.perf_counter()
        rows, floors, chosen = [], [], []
        for s in range(seeds):
            oof = np.zeros_like(pv)
            for tr, te in StratifiedKFold(5, shuffle=True, random_state=100 + s).split(pv, y):
                blend = BaselineBlend(**kw).fit(pv[tr], bv[tr], y[tr])
                oof[te] = blend.transform(pv[te], bv[te])
                chosen.append(blend.weight_)
            rows.append(scores(y, oof))
            floors.append(ece_floor(oof))

        def cell(key: str, r=rows) -> str:
            v = [m[key] for m in r]
            return f"{np.mean(v):.3f} [{min(v):.3f}, {max(v):.3f}]"

        ws = ", ".join(f"{w:g}: {chosen.count(w)}" for w in sorted(set(chosen)))
        print(f"| {name} | {cell('nll')} | {cell('ece')} | {np.mean(floors):.3f} | "
              f"{cell('gap')} | {cell('auroc')} | {ws} |  <!-- {time.perf_counter() - t0:.0f} s -->",
              flush=True)


def test_rows(d: dict[str, np.ndarray], names: list[str]) -> None:
    from meddx.evaluate import BaselineBlend, paired_comparison

    print("\nTEST split (read once; each recipe fitted on all of validation)\n")
    print("| recipe | w | calibrator | NLL | ECE | ECE if perfectly calibrated | gap | "
          "macro-AUROC | macro-F1 | accuracy |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    served = {}
    for name, (bv, bt, kw) in recipes(d).items():
        if not any(n in name for n in names):
            continue
        blend = BaselineBlend(**kw).fit(d["pv"], bv, d["yv"])
        p = served[name] = blend.transform(d["pt"], bt)
        m = scores(d["yt"], p)
        print(f"| {name} | {blend.weight_:g} | {blend.chosen_method} | {m['nll']:.4f} | "
              f"{m['ece']:.4f} | {ece_floor(p):.3f} | {m['gap']:+.3f} | {m['auroc']:.4f} | "
              f"{m['f1']:.4f} | {m['acc']:.4f} |")
    m = scores(d["yt"], d["bt"])
    print(f"| TF-IDF baseline (run's C) | | | {m['nll']:.4f} | {m['ece']:.4f} | "
          f"{ece_floor(d['bt']):.3f} | {m['gap']:+.3f} | {m['auroc']:.4f} | {m['f1']:.4f} | "
          f"{m['acc']:.4f} |")
    labels = [str(i) for i in range(d["pt"].shape[1])]
    for name, p in served.items():
        for other, q in (("TF-IDF", d["bt"]), ("model alone", next(iter(served.values())))):
            if q is p:
                continue
            cmp = paired_comparison(d["yt"], p, q, task="multiclass", labels=labels,
                                    n_boot=1000, seed=42, quiet=True, names=("a", "b"))
            text = "; ".join(
                f"{k} {v['difference']:+.4f} [{v['ci'][0]:+.4f}, {v['ci'][1]:+.4f}]"
                for k, v in cmp["metrics"].items() if k in ("macro_auroc", "ece", "macro_f1",
                                                            "accuracy"))
            print(f"  {name} minus {other}: {text}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/meddx-blend-nested"))
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--skip-nested", action="store_true")
    ap.add_argument("--pooled", action="store_true", help="the pooled train+val check")
    ap.add_argument("--test", action="store_true", help="score the fixed recipes on test")
    ap.add_argument("--test-rows", nargs="*", default=["blend: none", "current", "train CV NLL"])
    args = ap.parse_args()
    for run_dir in args.runs:
        d = load(run_dir, args.cache)
        print(f"\n## {run_dir}")
        baseline_table(d, args.test)
        if args.pooled:
            pooled(run_dir)
        if not args.skip_nested:
            nested(d, args.seeds)
        if args.test:
            test_rows(d, args.test_rows)


if __name__ == "__main__":
    main()
