"""Augmentation learning curve on the TF-IDF baseline: test macro-F1 with and without
``augment`` at 8, 16, 32 and 64 training notes per class and on the full training split.

    nice -n 5 .venv/bin/python bench/augment_curve.py --shots 8 16 32 64 0 --seeds 0 1 2 \\
        --ops synonym abbrev insert delete swap --n-per-note 4 --write-docs

Same data, de-identification, splits and few-shot draws as bench/learning_curve.py
(``few_shot_per_class``, nested; shots 0 = the full training split); the validation set is
drawn the same way and is never augmented. Only the TRAINING notes are augmented
(meddx.text.augment_corpus, the function `augment:` runs in training), with the validity filter.
Macro-F1 on the whole test split, mean over seeds, with a 95% percentile bootstrap interval of
the paired difference (augmented - plain) pooled over seeds. TF-IDF only: the encoders were not
measured (CPU budget). Back-translation is not in the curve (no MarianMT folder here).
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
SECTION = "## Augmentation learning curve (TF-IDF baseline)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shots", type=int, nargs="+", default=[8, 16, 32, 64, 0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--ops", nargs="+", default=["synonym", "abbrev", "insert", "delete", "swap"])
    ap.add_argument("--n-per-note", type=int, default=4)
    ap.add_argument("--p", type=float, default=0.1)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()

    from sklearn.metrics import f1_score

    from meddx.config import AugmentConfig, load_config
    from meddx.data import demo_path, few_shot_per_class, load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.models import TfidfBaseline
    from meddx.text import augment_corpus

    cfg = load_config(Path(demo_path()).parent / "demo.yaml")
    corpus = load_corpus(cfg.data, demo_path())
    deidentify_corpus(corpus, cfg.deid, quiet=True)
    splits = make_splits(corpus, cfg.data.split)
    part = {k: corpus.subset(v) for k, v in splits.items()}
    test = part["test"]
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
            for name, tr in (("plain", train), ("augmented", augmented)):
                model = TfidfBaseline.fit((tr.texts, tr.y), (val.texts, val.y),
                                          labels=corpus.labels, task=corpus.task,
                                          prep=cfg.prep, seed=42)
                preds[name] = model.predict_proba(test.texts).argmax(1)
            per_seed.append((preds, summary))
            print(n or "full", seed, {k: round(f1_score(test.y, v, average="macro"), 4)
                                      for k, v in preds.items()}, flush=True)

        def f1(p, idx):
            return f1_score(test.y[idx], p[idx], average="macro", zero_division=0)

        full = np.arange(len(test))
        plain = float(np.mean([f1(p["plain"], full) for p, _ in per_seed]))
        aug = float(np.mean([f1(p["augmented"], full) for p, _ in per_seed]))
        diffs = [np.mean([f1(p["augmented"], b) - f1(p["plain"], b) for p, _ in per_seed])
                 for b in boots]
        rows.append({"per_class": n or "full", "seeds": len(per_seed), "plain": round(plain, 4),
                     "augmented": round(aug, 4), "delta": round(aug - plain, 4),
                     "delta_ci": [round(float(np.percentile(diffs, 2.5)), 4),
                                  round(float(np.percentile(diffs, 97.5)), 4)],
                     "added": sum(s["added"] for _, s in per_seed),
                     "rejected": sum(s["rejected"] for _, s in per_seed)})
    command = ("nice -n 5 .venv/bin/python bench/augment_curve.py "
               + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    out = {"command": command, "ops": args.ops, "n_per_note": args.n_per_note, "p": args.p,
           "n_test": int(len(test)), "rows": rows}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2))
    table = _table(rows)
    print(table)
    if args.write_docs:
        from _markdown import write_section

        write_section(ROOT / "docs" / "benchmarks.md", SECTION, _section(out, table))


def _table(rows: list[dict]) -> str:
    lines = ["| notes per class | seeds | plain macro-F1 | augmented | difference [paired 95% CI] "
             "| copies kept | rejected |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['per_class']} | {r['seeds']} | {r['plain']:.3f} | "
                     f"{r['augmented']:.3f} | {r['delta']:+.3f} [{r['delta_ci'][0]:+.3f}, "
                     f"{r['delta_ci'][1]:+.3f}] | {r['added']} | {r['rejected']} |")
    return "\n".join(lines)


def _section(out: dict, table: str) -> str:
    return (f"{SECTION}\n\nCommand: `{out['command']}`\n\n"
            f"Operations {', '.join(out['ops'])}; {out['n_per_note']} copies per training note, "
            f"p={out['p']}; the validity filter rejects copies whose negation cues or numbers "
            f"changed. Test n={out['n_test']} (whole test split). TF-IDF + logistic regression "
            "only; the encoders were not measured. A difference whose interval contains 0 is "
            "no measurable effect.\n\n" + table + "\n")


if __name__ == "__main__":
    main()
