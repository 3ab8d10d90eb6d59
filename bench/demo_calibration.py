"""The demo's served probabilities: the model blended with the TF-IDF baseline, then
calibrated (``eval.blend: baseline``, ``eval.calibration: auto``), selected on VALIDATION only.

For each finished run: the model's (uncalibrated) validation probabilities (cached at training
time), its test probabilities (``predictions.csv``) and the TF-IDF baseline's on both splits.
``BaselineBlend`` (the code the run uses) chooses the baseline weight w and the calibrator by
5-fold cross-fitted NLL on the validation split; for each w the table also gives the ECE (15
bins) and macro-AUROC of the cross-fitted validation probabilities (for reading, not for the
choice). The test split is read only with ``--test``: the chosen blend, the model alone
calibrated as before (w = 0), uncalibrated, the baseline, and the paired bootstrap of served
minus baseline.

    PYTHONPATH=src .venv/bin/python bench/demo_calibration.py RUN [RUN ...]
    PYTHONPATH=src .venv/bin/python bench/demo_calibration.py RUN [RUN ...] --test
"""

from __future__ import annotations

import argparse
import time

import numpy as np

EPS = 1e-12


def load(run_dir: str):
    import pandas as pd

    from meddx.data import make_splits
    from meddx.runs import cached_proba, load_run

    run = load_run(run_dir)
    corpus = run.corpus(quiet=True)
    splits = make_splits(corpus, run.config.data.split)
    val = corpus.subset(splits["validation"])
    pv = cached_proba(run.path, val.texts)
    if pv is None:
        pv = run.model.predict_proba(val.texts, quiet=True)
    frame = pd.read_csv(f"{run_dir}/predictions.csv", dtype=str, keep_default_na=False)
    labels = list(run.model.labels)

    def cols(prefix: str) -> np.ndarray:
        p = frame[[f"{prefix}_p[{lab}]" for lab in labels]].astype(np.float64).to_numpy()
        return p / p.sum(axis=1, keepdims=True)  # the file rounds to 6 decimals

    raw = "model_uncalibrated" if f"model_uncalibrated_p[{labels[0]}]" in frame else "model"
    yt = np.array([labels.index(v) for v in frame["true"]])
    bv = np.asarray(run.baseline.predict_proba(val.texts), dtype=np.float64)
    return {"yv": val.y, "pv": np.asarray(pv, np.float64), "bv": bv,
            "yt": yt, "pt": cols(raw), "bt": cols("baseline")}


def scores(y, p) -> dict[str, float]:
    from meddx.evaluate import compute_metrics

    m = compute_metrics(y, p, task="multiclass", labels=[str(i) for i in range(p.shape[1])])
    nll = float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], EPS, 1))))
    return {"nll": nll, "ece": m["ece"], "brier": m["brier"], "auroc": m["macro_auroc"],
            "f1": m["macro_f1"],
            "acc": m["accuracy"]}


def ece_floor(p: np.ndarray, reps: int = 500, seed: int = 0) -> tuple[float, ...]:
    """The ECE (15 bins) these probabilities would show if they were perfectly calibrated:
    labels drawn from ``p`` itself, ``reps`` times (mean, 10th and 90th percentile, share of
    draws <= 0.03). Uses
    no true labels: it is the sampling noise of the metric at this many rows."""
    from meddx.evaluate import expected_calibration_error

    rng = np.random.default_rng(seed)
    cum = np.cumsum(p, axis=1)
    out = []
    for _ in range(reps):
        y = np.minimum((rng.random((len(p), 1)) > cum).sum(axis=1), p.shape[1] - 1)
        out.append(expected_calibration_error(y, p, task="multiclass"))
    return (float(np.mean(out)), float(np.percentile(out, 10)), float(np.percentile(out, 90)),
            float(np.mean(np.asarray(out) <= 0.03)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--test", action="store_true",
                    help="also score the chosen variants on the test split")
    args = ap.parse_args()
    for run_dir in args.runs:
        d = load(run_dir)
        validation(run_dir, d)
        if args.test:
            test(d)


def validation(run_dir: str, d: dict) -> None:
    """The selection (eval.blend: baseline, eval.calibration: auto), validation only."""
    from sklearn.model_selection import StratifiedKFold

    from meddx.evaluate import BLEND_WEIGHTS, CALIBRATORS, BaselineBlend, blend_proba

    t0 = time.perf_counter()
    sel = BaselineBlend().fit(d["pv"], d["bv"], d["yv"])
    seconds = time.perf_counter() - t0
    s = sel.selection_
    print(f"\n## {run_dir}: {len(d['yv'])} validation notes; selection took {seconds:.1f} s; "
          f"chosen weight {s['chosen']} with {sel.chosen_method}; uncalibrated model NLL "
          f"{s['nll_uncalibrated_model']:.4f}\n")
    print("| baseline weight w | calibrator chosen for w | val cross-fitted NLL | "
          "val cross-fitted ECE | val cross-fitted macro-AUROC |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for w in BLEND_WEIGHTS:
        pw = blend_proba(d["pv"], d["bv"], w)
        cal = CALIBRATORS.get("auto")().fit(pw, d["yv"]).chosen_
        oof = np.zeros_like(pw)  # the calibrator chosen for w, refitted fold by fold
        folds = StratifiedKFold(5, shuffle=True, random_state=0).split(pw, d["yv"])
        for tr, te in folds:
            oof[te] = type(cal)(**cal.get_params()).fit(pw[tr], d["yv"][tr]).transform(pw[te])
        m = scores(d["yv"], oof)
        print(f"| {w:g} | {s['calibrator'][f'{w:g}']} | {s['nll'][f'{w:g}']:.4f} | "
              f"{m['ece']:.4f} | {m['auroc']:.4f} |")
    f = ece_floor(sel.transform_unblended(d["pv"]))
    print(f"\nECE a perfectly calibrated model would show at these {len(d['yv'])} notes (w = 0, "
          f"calibrated validation probabilities): {f[0]:.3f} [10%: {f[1]:.3f}, 90%: {f[2]:.3f}]")
    d["blend"] = sel


def test(d: dict) -> None:
    from meddx.evaluate import paired_comparison

    sel = d["blend"]
    rows = {f"served: blend w={sel.weight_:g} + {sel.chosen_method}":
            sel.transform(d["pt"], d["bt"]),
            f"model alone + {sel.unblended_.method} (w=0, as before)":
            sel.transform_unblended(d["pt"]),
            "model alone, uncalibrated": d["pt"], "TF-IDF baseline": d["bt"]}
    print("\n| test split | NLL | Brier | ECE | ECE if perfectly calibrated (mean [10%, 90%]; "
          "share <= 0.03) | macro-AUROC | macro-F1 | accuracy |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, p in rows.items():
        m = scores(d["yt"], p)
        f = ece_floor(p)
        print(f"| {name} | {m['nll']:.4f} | {m['brier']:.4f} | {m['ece']:.4f} | "
              f"{f[0]:.3f} [{f[1]:.3f}, {f[2]:.3f}]; {f[3]:.2f} | {m['auroc']:.4f} | {m['f1']:.4f} | "
              f"{m['acc']:.4f} |")
    labels = [str(i) for i in range(d["pt"].shape[1])]
    first = next(iter(rows))
    cmp = paired_comparison(d["yt"], rows[first], d["bt"], task="multiclass", labels=labels,
                            n_boot=1000, seed=42, quiet=True, names=("served", "TF-IDF"))
    for k in ("macro_f1", "accuracy", "macro_auroc", "ece", "brier"):
        v = cmp["metrics"][k]
        print(f"  paired served - TF-IDF {k}: {v['difference']:+.4f} "
              f"[{v['ci'][0]:+.4f}, {v['ci'][1]:+.4f}] {v['verdict']}")
    alone = list(rows)[1]
    cmp = paired_comparison(d["yt"], rows[first], rows[alone], task="multiclass", labels=labels,
                            n_boot=1000, seed=42, quiet=True, names=("served", "alone"))
    for k in ("macro_auroc", "ece", "brier"):
        v = cmp["metrics"][k]
        print(f"  paired served - model alone calibrated {k}: {v['difference']:+.4f} "
              f"[{v['ci'][0]:+.4f}, {v['ci'][1]:+.4f}] {v['verdict']}")


if __name__ == "__main__":
    main()
