"""Synonym list before/after the whole-word rule (docs/benchmarks.md, branch synonyms16).

For each list (the one of a git revision, and the bundled one): pairs with a side outside
meddx's word lists; on the TRAIN split of the bundled demo abstracts, the synonym substitutions
that write a token outside the word lists, and the validity filter's rejections of
``augment_texts(ops=["synonym"])`` (``insert`` draws from the same table). Also prints 30 kept pairs
drawn at random (seed 0) from the bundled list.

    PYTHONPATH=$PWD/src python bench/synonym_list_check.py [--before ca5814d] [--n-per-text 4]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import subprocess
from collections import Counter
from pathlib import Path

from meddx.config import load_config
from meddx.data import demo_path, load_corpus, make_splits
from meddx.text import _augment, augment_texts

ROOT = Path(__file__).resolve().parents[1]
LIST = "src/meddx/text/resources/synonyms.tsv"


def _build_script():
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import build_abbrev_inventory

    return build_abbrev_inventory


def read_table(text: str) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    pairs = [(r["word"], r["synonym"]) for r in csv.DictReader(io.StringIO(text), delimiter="\t")]
    table: dict[str, list[str]] = {}
    for a, b in pairs:
        table.setdefault(a, []).append(b)
        table.setdefault(b, []).append(a)
    return pairs, table


def measure(texts: list[str], table: dict[str, list[str]], words: set[str], n: int,
            p: float) -> dict:
    written: list[str] = []
    replace = _augment._replace

    def spy(text, start, end, new):
        written.append(new)
        return replace(text, start, end, new)

    _augment._synonyms.cache_clear()
    orig_synonyms, _augment._synonyms = _augment._synonyms, lambda: table
    _augment._replace = spy
    try:
        out = {}
        for ops in (["synonym"],):
            written.clear()
            res = augment_texts(texts, ops, n_per_text=n, p=p, seed=0)
            subs = list(written)
            bad = [s for s in subs if any(t not in words for t in re.split(r"[ -]+", s) if t)]
            reasons = Counter(a.reason for a in res if not a.kept)
            out["+".join(ops)] = {"copies": len(res), "rejected": sum(reasons.values()),
                                  "by_reason": dict(reasons), "substitutions": len(subs),
                                  "outside_lists": len(bad),
                                  "examples": Counter(bad).most_common(8),
                                  "most_written": Counter(subs).most_common(10)}
        return out
    finally:
        _augment._synonyms, _augment._replace = orig_synonyms, replace


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="ca5814d", help="git revision of the old list")
    ap.add_argument("--n-per-text", type=int, default=4)
    ap.add_argument("--p", type=float, default=0.1)
    args = ap.parse_args()
    build = _build_script()
    words, abbreviations = build.word_lists()
    cfg = load_config(ROOT / "src" / "meddx" / "data" / "demo" / "demo.yaml")
    corpus = load_corpus(cfg.data, demo_path())
    texts = [corpus.texts[i] for i in make_splits(corpus, cfg.data.split)["train"]]
    print(f"demo abstracts, train split: {len(texts)} texts; n_per_text={args.n_per_text}, "
          f"p={args.p}, seed 0")
    lists = {"before": subprocess.run(["git", "show", f"{args.before}:{LIST}"], cwd=ROOT,
                                      check=True, capture_output=True, text=True).stdout,
             "after": (ROOT / LIST).read_text(encoding="utf-8")}
    for name, text in lists.items():
        pairs, table = read_table(text)
        verdicts = Counter(build.pair_verdict(a, b, words, abbreviations) or "kept"
                           for a, b in pairs)
        outside = sum(bool(build.side_problem(a, words, abbreviations)
                           or build.side_problem(b, words, abbreviations)) for a, b in pairs)
        print(f"\n{name}: {len(pairs)} pairs, {outside} with a side outside the word lists; "
              f"rule: {dict(verdicts)}")
        for ops, m in measure(texts, table, words, args.n_per_text, args.p).items():
            print(f"  ops {ops}: {m['substitutions']} words written, {m['outside_lists']} "
                  f"outside the lists ({m['outside_lists'] / max(1, m['substitutions']):.1%}); "
                  f"copies {m['copies']}, rejected {m['rejected']} "
                  f"({m['rejected'] / m['copies']:.1%}) {m['by_reason']}; "
                  f"most written outside: {m['examples']}; most written: {m['most_written']}")
    pairs, _ = read_table(lists["after"])
    print("\n30 kept pairs drawn at random (seed 0):")
    for a, b in sorted(random.Random(0).sample(pairs, 30)):
        print(f"  {a} / {b}")


if __name__ == "__main__":
    main()
