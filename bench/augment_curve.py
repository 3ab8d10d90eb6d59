"""Augmentation learning curve on the TF-IDF baseline: test macro-F1 with and without
``augment`` at 8, 16, 32 and 64 training notes per class and on the full training split.

    nice -n 5 .venv/bin/python bench/augment_curve.py --shots 8 16 32 64 0 --seeds 0 1 2 \\
        --ops synonym abbrev insert delete swap --n-per-note 4 --write-docs

Same data, de-identification, splits and few-shot draws as bench/learning_curve.py
(``few_shot_per_class``, nested; shots 0 = the full training split); the validation set is
drawn the same way and is never augmented. Only the TRAINING notes are augmented
(meddx.text.augment_corpus, the function `augment:` runs in training), with the validity filter.
Macro-F1 on the whole test split, mean over seeds, with a 95% percentile bootstrap interval of
the paired difference (augmented - plain) pooled over seeds. ``--models tfidf frozen``: TF-IDF +
LR and/or the frozen encoder + LR head (embeddings cached per note, bench/_notecache.py).
Rows merge into bench/results/augment_curve.json by model and size. Back-translation is not
in the curve (no MarianMT folder here).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results" / "augment_curve.json"
SECTION = "## Augmentation learning curve (TF-IDF baseline and frozen encoder)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shots", type=int, nargs="+", default=[8, 16, 32, 64, 0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--ops", nargs="+", default=["synonym", "abbrev", "insert", "delete", "swap"])
    ap.add_argument("--n-per-note", type=int, default=4)
    ap.add_argument("--p", type=float, default=0.1)
    ap.add_argument("--models", nargs="+", choices=["tfidf", "frozen"], default=["tfidf"],
                    help="tfidf: TF-IDF + LR; frozen: MiniLM embeddings (cached per note) + "
                    "the LR head of `meddx train --mode frozen`.")
    ap.add_argument("--cache", default="bench/cache/notes",
                    help="The per-note embedding cache folder (frozen).")
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

    from meddx.data import demo_path, few_shot_per_class
    from meddx.models import TfidfBaseline
    from meddx.text import AugmentConfig, augment_corpus, normalize_all

    cfg, corpus, part = demo_splits(str(Path(demo_path()).parent / "demo.yaml"), str(demo_path()))
    test = part["test"]
    cache = None
    if "frozen" in args.models:
        from _notecache import NoteEmbeddingCache

        cache = NoteEmbeddingCache(args.cache, model=cfg.model.name, pooling=cfg.model.pooling)

    def tfidf(tr, val):
        model = TfidfBaseline.fit((tr.texts, tr.y), (val.texts, val.y), labels=corpus.labels,
                                  task=corpus.task, prep=cfg.prep, seed=42)
        return model.predict_proba(test.texts).argmax(1)

    def frozen(tr, val):
        from _embedded import lr_head

        X = [cache.embed(normalize_all(c.texts, cfg.prep), cfg.prep) for c in (tr, val, test)]
        head, _ = lr_head(cfg, X[0], tr.y, X[1], val.y, corpus.labels, corpus.task)
        return head.predict_proba(X[2]).argmax(1)

    fit = {"tfidf": tfidf, "frozen": frozen}
    rng = np.random.default_rng(0)
    boots = [rng.integers(0, len(test), len(test)) for _ in range(args.bootstrap)]
    rows = []
    for n in args.shots:
        per_seed = []
        for seed in (args.seeds if n else args.seeds[:1]):
            if n:
                train = part["train"].subset(few_shot_per_class(part["train"].y, n, seed=seed))
                val = part["validation"].subset(few_shot_per_class(
                    part["validation"].y, n, seed=seed, allow_fewer=True))
            else:
                train, val = part["train"], part["validation"]
            aug_cfg = AugmentConfig(ops=args.ops, n_per_note=args.n_per_note, p=args.p,
                                    seed=seed)
            augmented, summary = augment_corpus(train, aug_cfg)
            preds = {}
            for model in args.models:
                for name, tr in (("plain", train), ("augmented", augmented)):
                    preds[model, name] = fit[model](tr, val)
            per_seed.append((preds, summary))
            print(n or "full", seed, {"/".join(k): round(f1_score(test.y, v, average="macro"), 4)
                                      for k, v in preds.items()},
                  cache.stats() if cache else "", flush=True)

        def f1(p, idx):
            return f1_score(test.y[idx], p[idx], average="macro", zero_division=0)

        full = np.arange(len(test))
        for model in args.models:
            plain = float(np.mean([f1(p[model, "plain"], full) for p, _ in per_seed]))
            aug = float(np.mean([f1(p[model, "augmented"], full) for p, _ in per_seed]))
            diffs = [np.mean([f1(p[model, "augmented"], b) - f1(p[model, "plain"], b)
                              for p, _ in per_seed]) for b in boots]
            rows.append({"model": model, "per_class": n or "full", "seeds": len(per_seed),
                         "n_test": int(len(test)),
                         "plain": round(plain, 4), "augmented": round(aug, 4),
                         "delta": round(aug - plain, 4),
                         "delta_ci": [round(float(np.percentile(diffs, 2.5)), 4),
                                      round(float(np.percentile(diffs, 97.5)), 4)],
                         "added": sum(s["added"] for _, s in per_seed),
                         "rejected": sum(s["rejected"] for _, s in per_seed)})
        _save(rows[-len(args.models):], args)
    results = _load()
    print(_table(results))
    if args.write_docs:
        _write_docs()


def _load() -> dict:
    """Rows by "model/notes per class"; the file of the TF-IDF-only version is converted."""
    if not RESULTS.is_file():
        return {}
    old = json.loads(RESULTS.read_text())
    if "rows" not in old:
        return old
    keep = {k: old[k] for k in ("command", "ops", "n_per_note", "p", "n_test")}
    return {f"tfidf/{r['per_class']}": {"model": "tfidf", **r, **keep} for r in old["rows"]}


def _save(rows: list[dict], args) -> None:
    command = (f"nice -n {args.nice} .venv/bin/python bench/augment_curve.py "
               + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    results = _load()
    for r in rows:
        results[f"{r['model']}/{r['per_class']}"] = {
            **r, "command": command, "ops": args.ops, "n_per_note": args.n_per_note,
            "p": args.p, "n_test": r.pop("n_test")}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2))
    tmp.replace(RESULTS)


def _write_docs() -> None:
    from _markdown import write_section

    write_section(ROOT / "docs" / "benchmarks.md", SECTION, _section(_load()))


MODELS = {"tfidf": "TF-IDF + LR", "frozen": "frozen MiniLM + LR"}


def _order(key: str) -> tuple:
    model, n = key.split("/")
    return (list(MODELS).index(model), int(n) if n.isdigit() else 10**6)


def _table(results: dict) -> str:
    cmds = sorted({r["command"] for r in results.values()})
    lines = ["| model | notes per class | seeds | plain macro-F1 | augmented | difference "
             "[paired 95% CI] | copies kept | rejected | command |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key in sorted(results, key=_order):
        r = results[key]
        lines.append(f"| {MODELS[r['model']]} | {r['per_class']} | {r['seeds']} | "
                     f"{r['plain']:.3f} | {r['augmented']:.3f} | {r['delta']:+.3f} "
                     f"[{r['delta_ci'][0]:+.3f}, {r['delta_ci'][1]:+.3f}] | {r['added']} | "
                     f"{r['rejected']} | {cmds.index(r['command']) + 1} |")
    return "\n".join(lines)


def _section(results: dict) -> str:
    cmds = sorted({r["command"] for r in results.values()})
    first = next(iter(results.values()))
    return (f"{SECTION}\n\nCommands (the table's last column):\n\n"
            + "".join(f"    {i}. {c}\n" for i, c in enumerate(cmds, 1))
            + f"\nOperations {', '.join(first['ops'])}; {first['n_per_note']} copies per "
            f"training note, p={first['p']}; the validity filter rejects copies whose negation "
            f"cues or numbers changed. Test n={first['n_test']} (whole test split). A "
            "difference whose interval contains 0 is no measurable effect. The frozen-encoder "
            "rows embed each note once (bench/_notecache.py caches embeddings per note by the "
            "token ids the encoder sees), so originals and test notes are shared across "
            "points.\n\n" + _table(results) + "\n" + _missing(results))


def _missing(results: dict) -> str:
    gaps = [f"{MODELS[m]} at {n}" for m in MODELS for n in ("8", "16", "32", "64", "full")
            if f"{m}/{n}" not in results]
    return f"\nNot measured (CPU budget): {', '.join(gaps)}.\n" if gaps else ""


if __name__ == "__main__":
    main()
