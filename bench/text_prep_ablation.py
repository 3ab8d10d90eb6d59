"""Text-preparation ablation on the TF-IDF baseline: test macro-F1 with and without each step.

    nice -n 5 .venv/bin/python bench/text_prep_ablation.py --variants default units lemmatize \\
        stem lemmatize-noguard stem-noguard --write-docs
    nice -n 5 .venv/bin/python bench/text_prep_ablation.py --variants default abbrev-annotate \\
        abbrev-expand --write-docs

The demo corpus, its de-identification and its splits (src/meddx/data/demo/demo.yaml); each
variant changes only `prep` (the other settings are the demo's). TF-IDF word 1-2 grams +
logistic regression, C chosen on the validation split; macro-F1 on the test split with a 95%
percentile bootstrap interval (1,000 resamples), and the paired bootstrap interval of the
difference to `default` (same resampled rows for both). ``--model frozen``: the frozen encoder
+ the LR head of `meddx train --mode frozen` instead, embeddings cached per note
(bench/_notecache.py). The fine-tuned model is not measured (CPU budget).
Results merge into bench/results/text_prep_ablation[_frozen].json by variant, each variant
saved as soon as it is done.
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
RESULTS = {"tfidf": ROOT / "bench" / "results" / "text_prep_ablation.json",
           "frozen": ROOT / "bench" / "results" / "text_prep_ablation_frozen.json"}
SECTION = "## Text preparation ablation (TF-IDF baseline and frozen encoder)"
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
    ap.add_argument("--model", choices=sorted(RESULTS), default="tfidf",
                    help="tfidf: TF-IDF + LR; frozen: MiniLM embeddings + the LR head.")
    ap.add_argument("--cache", default="bench/cache/notes",
                    help="With --model frozen: the per-note embedding cache folder.")
    ap.add_argument("--nice", type=int, default=5, help="The nice level, as recorded.")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--docs-only", action="store_true",
                    help="Rewrite the docs section from the results file, no run.")
    args = ap.parse_args()
    if args.docs_only:
        _write_docs()
        return

    from _embedded import demo_splits
    from sklearn.metrics import f1_score

    import meddx.models  # noqa: F401  (registers the text embedder prep.abbreviations uses)
    from meddx.data import demo_path

    base, corpus, part = demo_splits(str(Path(demo_path()).parent / "demo.yaml"), str(demo_path()))
    y = part["test"].y
    path = RESULTS[args.model]
    preds = {}
    if "default" not in args.variants:
        args.variants.insert(0, "default")
    cache = None
    if args.model == "frozen":
        from _notecache import NoteEmbeddingCache

        cache = NoteEmbeddingCache(args.cache, model=base.model.name, pooling=base.model.pooling)
    rng = np.random.default_rng(0)
    boots = [rng.integers(0, len(y), len(y)) for _ in range(args.bootstrap)]

    def f1(p, idx=None):
        idx = np.arange(len(y)) if idx is None else idx
        return f1_score(y[idx], p[idx], average="macro", zero_division=0)

    for name in args.variants:  # each variant is saved as soon as it is done
        prep = base.prep.model_copy(update=VARIANTS[name])
        t0 = time.time()
        if cache is None:
            preds[name], C = _tfidf(part, corpus, prep)
        else:
            cache.reset()
            preds[name], C = _frozen(part, corpus, prep, base, cache)
        row = {"prep": VARIANTS[name], "C": C, "seconds": round(time.time() - t0),
               "n_test": int(len(y))}
        if cache is not None:
            row["embedding"] = cache.stats()
        vals = [f1(preds[name], b) for b in boots]
        diffs = [v - f1(preds["default"], b) for v, b in zip(vals, boots, strict=True)]
        row.update({
            "macro_f1": round(f1(preds[name]), 4),
            "ci": [round(float(np.percentile(vals, 2.5)), 4),
                   round(float(np.percentile(vals, 97.5)), 4)],
            "delta": round(f1(preds[name]) - f1(preds["default"]), 4),
            "delta_ci": [round(float(np.percentile(diffs, 2.5)), 4),
                         round(float(np.percentile(diffs, 97.5)), 4)],
            "command": (f"nice -n {args.nice} .venv/bin/python bench/text_prep_ablation.py "
                        + " ".join(shlex.quote(a) for a in sys.argv[1:]))})
        print(name, row["macro_f1"], row.get("embedding", ""), flush=True)
        results = json.loads(path.read_text()) if path.is_file() else {}
        results[name] = row  # another invocation may have added variants meanwhile
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2))
    print(_table(results))
    if args.write_docs:
        _write_docs()


def _tfidf(part, corpus, prep):
    from meddx.models import TfidfBaseline

    model = TfidfBaseline.fit((part["train"].texts, part["train"].y),
                              (part["validation"].texts, part["validation"].y),
                              labels=corpus.labels, task=corpus.task, prep=prep, seed=42)
    return model.predict_proba(part["test"].texts).argmax(1), model.C


def _frozen(part, corpus, prep, cfg, cache):
    """MiniLM embeddings of the prepared notes (cached per note) + the LR head of
    `meddx train` (mode frozen), C on validation."""
    from _embedded import lr_head

    from meddx.text import normalize_all

    X = {k: cache.embed(normalize_all(p.texts, prep), prep) for k, p in part.items()}
    head, C = lr_head(cfg, X["train"], part["train"].y, X["validation"],
                      part["validation"].y, corpus.labels, corpus.task)
    return head.predict_proba(X["test"]).argmax(1), C


def _write_docs() -> None:
    from _markdown import write_section

    results = {m: json.loads(p.read_text()) for m, p in RESULTS.items() if p.is_file()}
    write_section(ROOT / "docs" / "benchmarks.md", SECTION, _section(results))


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


def _section(results: dict) -> str:
    """``results``: model -> variant -> row."""
    titles = {"tfidf": "TF-IDF word 1-2 grams + logistic regression (C on validation)",
              "frozen": "Frozen encoder (MiniLM-L6, 128 tokens, mean pooling) + the logistic-"
                        "regression head of `meddx train --mode frozen` (C on validation)"}
    out = [f"{SECTION}\n"]
    n = next(iter(next(iter(results.values())).values()))["n_test"]
    out.append(f"Demo corpus, de-identified as the demo run does, its splits; test n={n}. Each "
               "row changes only `prep`; the last-but-one column is the paired bootstrap "
               "difference to `default` (a CI that contains 0: no measurable effect), computed "
               "against the `default` of the same invocation (the de-identification changed "
               "between invocations, so `default` differs slightly between them). The "
               "abbreviation rows use the default abbreviation model (built from the TRAIN "
               "split of these abstracts). The fine-tuned model was NOT measured (CPU budget).\n")
    for model, rows in results.items():
        cmds = sorted({r["command"] for r in rows.values()})
        out.append(f"### {titles[model]}\n\nCommands:\n\n"
                   + "".join(f"    {c}\n" for c in cmds) + "\n" + _table(rows) + "\n")
        if model == "frozen":
            out.append(_frozen_note(rows))
    return "\n".join(out)


def _frozen_note(rows: dict) -> str:
    emb = [r["embedding"] for r in rows.values() if "embedding" in r]
    done = sum(e["notes_embedded"] for e in emb)
    secs = sum(e["embed_seconds"] for e in emb)
    rate = f"{done / secs:.1f} notes/s" if secs else "n/a"
    return ("Embeddings are cached per note, keyed by the token ids the encoder sees "
            "(bench/_notecache.py): a variant re-embeds only the notes whose first 128 tokens "
            f"it changed. This table embedded {done} notes in {secs:.0f} s ({rate}, niced, on 2 "
            "CPU cores shared with other jobs); the rest came from the cache. The encoder's "
            "tokenizer lowercases by itself, so `lowercase` gives it the very same inputs (a "
            "zero difference by construction, not a finding).\n"
            + (f"\nNot measured with the encoder (CPU budget): {', '.join(missing)}.\n"
               if (missing := [v for v in VARIANTS if v not in rows]) else ""))


if __name__ == "__main__":
    main()
