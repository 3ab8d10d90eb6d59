"""Text-preparation ablation on the TF-IDF baseline: test macro-F1 with and without each step.

    nice -n 5 .venv/bin/python bench/text_prep_ablation.py --variants default units lemmatize \\
        stem lemmatize-noguard stem-noguard --write-docs
    nice -n 5 .venv/bin/python bench/text_prep_ablation.py --variants default abbrev-annotate \\
        abbrev-expand --write-docs

The demo corpus, its de-identification and its splits (src/meddx/data/demo/demo.yaml); each
variant changes only `prep` (the other settings are the demo's). TF-IDF word 1-2 grams +
logistic regression, C chosen on the validation split; macro-F1 on the test split with a 95%
percentile bootstrap interval (1,000 resamples), and the paired bootstrap interval of the
difference to `default` (same resampled rows for both). Only the cheap baseline is measured:
the frozen-encoder and fine-tuned rows are not (CPU budget).
Results merge into bench/results/text_prep_ablation.json by variant.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results" / "text_prep_ablation.json"
SECTION = "## Text preparation ablation (TF-IDF baseline)"
VARIANTS = {
    "default": {},
    "units": {"units": True},
    "lemmatize": {"lemmatize": True},
    "stem": {"stem": True},
    "lemmatize-noguard": {"lemmatize": True, "guard": False},
    "stem-noguard": {"stem": True, "guard": False},
    "lowercase": {"lowercase": True},
    "abbrev-annotate": {"abbreviations": "annotate"},
    "abbrev-expand": {"abbreviations": "expand"},
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", nargs="+", default=["default", "units", "lemmatize", "stem"],
                    choices=sorted(VARIANTS))
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--docs-only", action="store_true",
                    help="Rewrite the docs section from the results file, no run.")
    args = ap.parse_args()
    if args.docs_only:
        from _markdown import write_section

        results = json.loads(RESULTS.read_text())
        write_section(ROOT / "docs" / "benchmarks.md", SECTION,
                      _section(results, _table(results)))
        return

    from sklearn.metrics import f1_score

    import meddx.models  # noqa: F401  (registers the text embedder prep.abbreviations uses)
    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.models import TfidfBaseline

    base = load_config(Path(demo_path()).parent / "demo.yaml")
    corpus = load_corpus(base.data, demo_path())
    deidentify_corpus(corpus, base.deid, quiet=True)
    splits = make_splits(corpus, base.data.split)
    part = {k: corpus.subset(v) for k, v in splits.items()}
    y = part["test"].y
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    preds = {}
    if "default" not in args.variants:
        args.variants.insert(0, "default")
    for name in args.variants:
        prep = base.prep.model_copy(update=VARIANTS[name])
        t0 = time.time()
        model = TfidfBaseline.fit((part["train"].texts, part["train"].y),
                                  (part["validation"].texts, part["validation"].y),
                                  labels=corpus.labels, task=corpus.task, prep=prep, seed=42)
        preds[name] = model.predict_proba(part["test"].texts).argmax(1)
        results[name] = {"prep": VARIANTS[name], "C": model.C, "seconds": round(time.time() - t0),
                         "n_test": int(len(y))}
        print(name, f"{f1_score(y, preds[name], average='macro'):.4f}", flush=True)
    rng = np.random.default_rng(0)
    boots = [rng.integers(0, len(y), len(y)) for _ in range(args.bootstrap)]

    def f1(p, idx=None):
        idx = np.arange(len(y)) if idx is None else idx
        return f1_score(y[idx], p[idx], average="macro", zero_division=0)

    for name in args.variants:
        vals = [f1(preds[name], b) for b in boots]
        diffs = [v - f1(preds["default"], b) for v, b in zip(vals, boots, strict=True)]
        results[name].update({
            "macro_f1": round(f1(preds[name]), 4),
            "ci": [round(float(np.percentile(vals, 2.5)), 4),
                   round(float(np.percentile(vals, 97.5)), 4)],
            "delta": round(f1(preds[name]) - f1(preds["default"]), 4),
            "delta_ci": [round(float(np.percentile(diffs, 2.5)), 4),
                         round(float(np.percentile(diffs, 97.5)), 4)]})
        results[name]["command"] = ("nice -n 5 .venv/bin/python bench/text_prep_ablation.py "
                                    + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if RESULTS.is_file():  # another invocation may have added variants meanwhile
        results = {**json.loads(RESULTS.read_text()), **results}
    RESULTS.write_text(json.dumps(results, indent=2))
    table = _table(results)
    print(table)
    if args.write_docs:
        from _markdown import write_section

        write_section(ROOT / "docs" / "benchmarks.md", SECTION, _section(results, table))


def _table(results: dict) -> str:
    rows = ["| variant | prep | macro-F1 [95% CI] | default, same run | vs default [paired 95% CI]"
            " | C |", "|---|---|---:|---:|---:|---:|"]
    for name in [v for v in VARIANTS if v in results]:
        r = results[name]
        prep = ", ".join(f"{k}={v}" for k, v in r["prep"].items()) or "(demo prep)"
        base = r["macro_f1"] - r["delta"]
        rows.append(f"| {name} | {prep} | {r['macro_f1']:.3f} [{r['ci'][0]:.3f}, {r['ci'][1]:.3f}]"
                    f" | {base:.3f} | {r['delta']:+.3f} [{r['delta_ci'][0]:+.3f}, {r['delta_ci'][1]:+.3f}] | "
                    f"{r['C']} |")
    return "\n".join(rows)


def _section(results: dict, table: str) -> str:
    cmds = sorted({r["command"] for r in results.values()})
    n = next(iter(results.values()))["n_test"]
    return (f"{SECTION}\n\n" + "Commands:\n\n" + "".join(f"    {c}\n" for c in cmds)
            + f"\nDemo corpus, de-identified as the demo run does, its splits; test n={n}. "
            "TF-IDF word 1-2 grams + logistic regression (C on validation). Each row changes "
            "only `prep`; the last column is the paired bootstrap difference to `default` (a "
            "CI that contains 0: no measurable effect), computed against the `default` of the "
            "same invocation (the de-identification changed between invocations, so `default` "
            "differs slightly between them). The frozen encoder and the fine-tuned "
            "model were NOT measured (CPU budget). The abbreviation rows use the default "
            "abbreviation model (built from the TRAIN split of these abstracts).\n\n"
            + table + "\n")


if __name__ == "__main__":
    main()
