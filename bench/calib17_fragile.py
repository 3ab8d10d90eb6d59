"""Why is the demo's served calibration fragile? (docs/benchmarks.md, "Demo calibration: why it
is fragile", session 17, branch calib17.)

The served recipe (``eval.blend: baseline`` + ``eval.calibration: toplabel``): the model's and
the TF-IDF baseline's log-probabilities blended with weight ``w`` (0 to 0.7), then ``toplabel``
(a Platt map of the top-label confidence, with or without a temperature first); ``w`` and the
temperature option are chosen together by 5-fold cross-fitted NLL on the validation split.

``diagnose`` reads the VALIDATION split only (labels, the model's cached probabilities, the
run's TF-IDF baseline's): over bootstrap resamples of the validation notes it refits each
recipe, records what it chose (``w``, temperature option, the Platt map), how far the served
top-label confidence of the validation notes moves (SD across refits), and scores the refit on
the notes left out of the resample (out-of-bag ECE and NLL: a bootstrap cross-fit). It also
splits the movement of the current recipe into its parts: everything refitted; ``w`` held at
the full-split choice; ``w`` and the temperature option held (the Platt map alone refitted).

``test`` scores the named recipes fitted on the whole validation split on the test split
(item 1's figures against the split's TF-IDF). For the demo's own split (seed 13) the lead
allows one look per recipe already chosen on validation; every look is printed and kept.
``--spread`` (other splits only): each named recipe refitted on the validation resamples and
scored on the test split, so the ECE's movement from the fit alone shows on test notes.

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calib17_fragile.py \\
        diagnose RUN [RUN ...] --json OUT.json
    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calib17_fragile.py \\
        test RUN --recipes current,NAME [--spread current,NAME] --json OUT.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

EPS = 1e-12
GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


# --- inputs --------------------------------------------------------------------------------

def load(run_dir: str, *, test: bool, cache: Path | None = None) -> dict[str, Any]:
    """Validation labels and probabilities (model: the run's cache; baseline: the run's TF-IDF);
    the test split's only with ``test``. ``cache``: a folder keeping the validation inputs."""
    file = cache / f"{Path(run_dir).name}.npz" if cache else None
    if file is not None and file.is_file() and not test:
        with np.load(file) as data:
            return {"yv": data["yv"], "pv": data["pv"], "bv": data["bv"],
                    "seed": int(data["seed"]), "labels": list(data["labels"])}
    import pandas as pd

    from meddx.data import make_splits
    from meddx.runs import cached_proba, load_run

    run = load_run(run_dir)
    corpus = run.corpus(quiet=True)
    index = make_splits(corpus, run.config.data.split)
    val = corpus.subset(index["validation"])
    labels = list(run.model.labels)
    pv = cached_proba(run.path, val.texts)
    if pv is None:
        raise SystemExit(f"{run_dir}: the validation cache does not match today's texts")
    out = {"yv": np.asarray(val.y), "pv": _norm(pv), "bv": _norm(run.baseline.predict_proba(val.texts)),
           "seed": int(run.config.data.split.seed), "labels": labels}
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        np.savez(file, **{k: np.asarray(v) for k, v in out.items()})
    if test:
        frame = pd.read_csv(f"{run_dir}/predictions.csv", dtype=str, keep_default_na=False)

        def cols(prefix: str) -> np.ndarray:
            return _norm(frame[[f"{prefix}_p[{lab}]" for lab in labels]].astype(np.float64).to_numpy())

        out.update(yt=np.array([labels.index(v) for v in frame["true"]]),
                   pt=cols("model_uncalibrated"), bt=cols("baseline"), st=cols("model"))
    return out


def _norm(p: Any) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    return p / p.sum(axis=1, keepdims=True)


def nll(y: np.ndarray, p: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], EPS, 1))))


def ece(y: np.ndarray, p: np.ndarray) -> float:
    from meddx.evaluate import expected_calibration_error

    return float(expected_calibration_error(y, p, task="multiclass", n_bins=15))


def folds(y: np.ndarray, k: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import KFold, StratifiedKFold

    n = len(y)
    if np.bincount(y).min() >= k:
        return list(StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(n), y))
    return list(KFold(k, shuffle=True, random_state=seed).split(np.zeros(n)))


# --- recipes -------------------------------------------------------------------------------

class Recipe:
    """Blend weight from ``weights`` and toplabel's temperature option from ``tempers``, chosen
    together by 5-fold cross-fitted NLL (ties: smaller w, no temperature), as
    ``BaselineBlend(calibration='toplabel')`` chooses them; then refitted on all rows."""

    def __init__(self, weights=GRID, tempers=(False, True), l2: float = 1e-3) -> None:
        self.weights, self.tempers, self.l2 = tuple(weights), tuple(tempers), l2

    def fit(self, p: np.ndarray, b: np.ndarray, y: np.ndarray) -> Recipe:
        from meddx.evaluate import TopLabelCalibrator, blend_proba

        split = folds(y)
        best = None
        for w in self.weights:
            pw = blend_proba(p, b, w)
            for t in self.tempers:
                out = np.empty_like(pw)
                if len(self.weights) * len(self.tempers) > 1:
                    for tr, te in split:
                        cal = TopLabelCalibrator(temper=t, l2=self.l2).fit(pw[tr], y[tr])
                        out[te] = cal.transform(pw[te])
                    score = nll(y, out)
                else:
                    score = 0.0
                if best is None or score < best[0] - 1e-12:
                    best = (score, w, t)
        _, self.w_, self.temper_ = best
        self.cal_ = TopLabelCalibrator(temper=self.temper_, l2=self.l2).fit(
            blend_proba(p, b, self.w_), y)
        return self

    def transform(self, p: np.ndarray, b: np.ndarray) -> np.ndarray:
        from meddx.evaluate import blend_proba

        return self.cal_.transform(blend_proba(p, b, self.w_))

    def state(self) -> dict[str, float]:
        return {"w": self.w_, "temper": float(self.temper_), "T": self.cal_.temperature_,
                "a": self.cal_.scale_, "b": self.cal_.bias_}


class Bagged:
    """The mean of ``n`` refits of ``make()`` on bootstrap resamples of the rows."""

    def __init__(self, make, n: int = 20, seed: int = 1) -> None:
        self.make, self.n, self.seed = make, n, seed

    def fit(self, p, b, y) -> Bagged:
        rng = np.random.default_rng(self.seed)
        self.fits_ = [self.make().fit(p[i], b[i], y[i])
                      for i in (rng.integers(0, len(y), len(y)) for _ in range(self.n))]
        return self

    def transform(self, p, b) -> np.ndarray:
        return np.mean([f.transform(p, b) for f in self.fits_], axis=0)

    def state(self) -> dict[str, float]:
        return {"w": float(np.mean([f.w_ for f in self.fits_]))}


class BaggedWeight:
    """The blend weight as the median of ``n`` bootstrap refits' choices (on the grid), then the
    temperature option and the Platt map fitted on all rows at that weight."""

    def __init__(self, n: int = 10, seed: int = 1, tempers=(False, True)) -> None:
        self.n, self.seed, self.tempers = n, seed, tuple(tempers)

    def fit(self, p, b, y) -> BaggedWeight:
        rng = np.random.default_rng(self.seed)
        ws = [Recipe(tempers=(False,)).fit(p[i], b[i], y[i]).w_
              for i in (rng.integers(0, len(y), len(y)) for _ in range(self.n))]
        w = float(min(GRID, key=lambda g: (abs(g - np.median(ws)), g)))
        self.inner_ = Recipe(weights=(w,), tempers=self.tempers).fit(p, b, y)
        self.w_ = w
        return self

    def transform(self, p, b) -> np.ndarray:
        return self.inner_.transform(p, b)

    def state(self) -> dict[str, float]:
        return self.inner_.state()


def recipes() -> dict[str, Any]:
    """name -> factory. ``current`` is the demo's recipe."""
    return {
        "current": lambda: Recipe(),
        "no-temper": lambda: Recipe(tempers=(False,)),
        "l2=0.1": lambda: Recipe(l2=0.1),
        "bagged-weight": lambda: BaggedWeight(),
        "bagged(10)": lambda: Bagged(lambda: Recipe(), n=10),
    }


# --- diagnosis (validation only) -----------------------------------------------------------

def diagnose(d: dict[str, Any], names: list[str], reps: int, seed: int = 7) -> dict[str, Any]:
    y, p, b = d["yv"], d["pv"], d["bv"]
    n = len(y)
    rng = np.random.default_rng(seed)
    boots = [rng.integers(0, n, n) for _ in range(reps)]
    factories = recipes()
    full = Recipe().fit(p, b, y)
    out: dict[str, Any] = {"n_validation": n, "reps": reps, "full_fit": full.state()}
    # The current recipe's movement, split into its parts.
    parts = {"all refitted": lambda: Recipe(),
             "w held": lambda: Recipe(weights=(full.w_,)),
             "w and temperature option held": lambda: Recipe(weights=(full.w_,),
                                                             tempers=(full.temper_,))}
    for name in names:
        t0 = time.perf_counter()
        conf, states, oob_ece, oob_nll = [], [], [], []
        for i in boots:
            oob = np.setdiff1d(np.arange(n), i)
            r = factories[name]().fit(p[i], b[i], y[i])
            served = r.transform(p, b)
            conf.append(served.max(axis=1))
            states.append(r.state())
            oob_ece.append(ece(y[oob], served[oob]))
            oob_nll.append(nll(y[oob], served[oob]))
        conf = np.asarray(conf)
        ref = factories[name]().fit(p, b, y).transform(p, b).max(axis=1)
        out[name] = {
            "oob_ece_mean": float(np.mean(oob_ece)), "oob_ece_sd": float(np.std(oob_ece, ddof=1)),
            "oob_nll_mean": float(np.mean(oob_nll)), "oob_nll_sd": float(np.std(oob_nll, ddof=1)),
            "conf_sd": float(np.mean(conf.std(axis=0, ddof=1))),
            "conf_shift": float(np.mean(np.abs(conf - ref[None, :]))),
            "w": _counts([s["w"] for s in states]),
            "oob_ece": [round(v, 5) for v in oob_ece],
            "temper": _counts([s.get("temper", -1) for s in states]),
            "seconds": round(time.perf_counter() - t0, 1)}
        print(f"# {name}: {out[name]}", flush=True)
    out["parts"] = {}
    for name, make in parts.items():
        conf = np.asarray([make().fit(p[i], b[i], y[i]).transform(p, b).max(axis=1)
                           for i in boots])
        out["parts"][name] = float(np.mean(conf.std(axis=0, ddof=1)))
    # w, the option and the temperature all held: the Platt map (a, b) alone refitted
    from meddx.evaluate import TopLabelCalibrator, blend_proba

    z = np.log(np.clip(blend_proba(p, b, full.w_), EPS, 1.0)) / full.cal_.temperature_
    held = np.exp(z - z.max(axis=1, keepdims=True))
    held /= held.sum(axis=1, keepdims=True)
    conf = np.asarray([TopLabelCalibrator(l2=full.l2).fit(held[i], y[i]).transform(held).max(axis=1)
                       for i in boots])
    out["parts"]["w, option and temperature held"] = float(np.mean(conf.std(axis=0, ddof=1)))
    out["crossfit"] = crossfit(d, names)
    return out


def crossfit(d: dict[str, Any], names: list[str], repeats: int = 1) -> dict[str, Any]:
    """Repeated 5-fold cross-fitting of each recipe on validation: pooled out-of-fold ECE, NLL."""
    y, p, b = d["yv"], d["pv"], d["bv"]
    out = {}
    for name in names:
        from meddx.evaluate import ece_if_calibrated

        e, l_, floor, pval = [], [], [], []
        for r in range(repeats):
            served = np.empty_like(p)
            for tr, te in folds(y, seed=100 + r):
                served[te] = recipes()[name]().fit(p[tr], b[tr], y[tr]).transform(p[te], b[te])
            e.append(ece(y, served))
            l_.append(nll(y, served))
            check = ece_if_calibrated(y, served, task="multiclass", draws=500, seed=r)
            floor.append(check["mean"])
            pval.append(check["p_value"])
        out[name] = {"ece": float(np.mean(e)),
                     "nll": float(np.mean(l_)), "floor": float(np.mean(floor)),
                     "p_value_median": float(np.median(pval))}
        print(f"# crossfit {name}: {out[name]}", flush=True)
    return out


def _counts(values: list[float]) -> dict[str, int]:
    keys, counts = np.unique(np.round(values, 3), return_counts=True)
    return {f"{k:g}": int(c) for k, c in zip(keys, counts, strict=True)}


# --- test scoring --------------------------------------------------------------------------

def score_test(d: dict[str, Any], names: list[str]) -> dict[str, Any]:
    from meddx.evaluate import compute_metrics, paired_comparison

    labels = [str(i) for i in range(d["pv"].shape[1])]
    out = {}
    for name in names:
        r = recipes()[name]().fit(d["pv"], d["bv"], d["yv"])
        served = r.transform(d["pt"], d["bt"])
        m = compute_metrics(d["yt"], served, task="multiclass", labels=labels)
        cmp = paired_comparison(d["yt"], served, d["bt"], task="multiclass", labels=labels,
                                n_boot=1000, seed=42, ece_bins=15)["metrics"]
        out[name] = {**{k: float(m[k]) for k in ("macro_f1", "accuracy", "macro_auroc", "ece")},
                     "vs_tfidf": {k: [cmp[k]["difference"], *cmp[k]["ci"], cmp[k]["verdict"]]
                                  for k in ("macro_f1", "accuracy", "macro_auroc")},
                     "state": r.state()}
        print(f"# TEST LOOK split {d['seed']} {name}: {out[name]}", flush=True)
    m = compute_metrics(d["yt"], d["bt"], task="multiclass", labels=labels)
    out["TF-IDF"] = {k: float(m[k]) for k in ("macro_f1", "accuracy", "macro_auroc", "ece")}
    return out


def test_spread(d: dict[str, Any], names: list[str], reps: int, seed: int = 7) -> dict[str, Any]:
    """The served test ECE of each recipe refitted on ``reps`` bootstrap resamples of the
    validation split (the same resamples as :func:`diagnose`): how far the fit alone moves it.
    Never for the demo's own split."""
    if d["seed"] == 13:
        raise SystemExit("split seed 13 is the demo's own: its test ECE is read once per recipe")
    y, p, b = d["yv"], d["pv"], d["bv"]
    rng = np.random.default_rng(seed)
    boots = [rng.integers(0, len(y), len(y)) for _ in range(reps)]
    out = {}
    for name in names:
        e = [ece(d["yt"], recipes()[name]().fit(p[i], b[i], y[i]).transform(d["pt"], d["bt"]))
             for i in boots]
        out[name] = {"mean": float(np.mean(e)), "sd": float(np.std(e, ddof=1)),
                     "min": float(np.min(e)), "max": float(np.max(e)),
                     "share_at_most_0.03": float(np.mean(np.asarray(e) <= 0.03)),
                     "ece": [round(v, 5) for v in e]}
        print(f"# test ECE over validation resamples, split {d['seed']} {name}: {out[name]}",
              flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("diagnose", "test"))
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--recipes", default=",".join(recipes()))
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--spread", default="", help="with test: recipes whose test ECE is also "
                    "scored after each validation resample (not for split 13)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--cache", type=Path, help="folder keeping each run's validation inputs")
    args = ap.parse_args()
    names = args.recipes.split(",")
    results = {}
    for run in args.runs:
        d = load(run, test=args.what == "test", cache=args.cache)
        print(f"# {run}: split seed {d['seed']}, {len(d['yv'])} validation notes", flush=True)
        if args.what == "diagnose":
            results[run] = diagnose(d, names, args.reps)
        else:
            results[run] = score_test(d, names)
            if args.spread:
                results[run]["spread"] = test_spread(d, args.spread.split(","), args.reps)
        results[run]["seed"] = d["seed"]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    json.dump(results, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
