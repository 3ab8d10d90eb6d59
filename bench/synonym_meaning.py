"""Meaning filter for the augmentation synonyms (docs/benchmarks.md, branch synmean17).

    PYTHONPATH=$PWD/src python bench/synonym_meaning.py sample  # redraw the labelled sample
    PYTHONPATH=$PWD/src python bench/synonym_meaning.py tune    # choose carrier and threshold: DEV half
    PYTHONPATH=$PWD/src python bench/synonym_meaning.py test    # the filter as built, TEST half (once)

The labels (bench/synonym_meaning_labels.tsv, and its rule in its header) are 120 pairs of the
session-16 list (main 33f51cd) drawn at random, split at random into dev and test before any filter
existed. ``tune`` reads the dev half only: the filter is ``form_verdict`` (spaCy: inflection,
number, part of speech) then the MiniLM cosine of the two sides in one carrier sentence; it picks the
carrier and threshold that maximise F0.5 of "keep" (precision weighs more: a wrong swap teaches
nonsense, a missing one only loses a variant). ``test`` scores the constants the build script holds.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "synonym_meaning_labels.tsv"
LIST = "src/meddx/text/resources/synonyms.tsv"
SAMPLED_FROM = "33f51cd"
CARRIERS = ("{w}", "the patient has {w}", "{w} was noted on examination", "history of {w}")
GRID = [round(0.40 + 0.01 * i, 2) for i in range(56)]


def build_script():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_abbrev_inventory

    return build_abbrev_inventory


def read_labels(split: str) -> list[dict]:
    lines = [ln for ln in LABELS.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return [r for r in csv.DictReader(lines, delimiter="\t") if r["split"] == split]


def scores(kept: list[bool], gold: list[int]) -> dict:
    tp = sum(k and g for k, g in zip(kept, gold, strict=True))
    n_kept, n_gold = sum(kept), sum(gold)
    p = tp / n_kept if n_kept else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
    return {"kept": n_kept, "tp": tp, "precision": p, "recall": r, "f05": f}


def line(name: str, s: dict, n_gold: int) -> str:
    return (f"  {name}: keeps {s['kept']}, {s['tp']} of them same-meaning; precision "
            f"{s['precision']:.2f}, recall {s['recall']:.2f} ({s['tp']}/{n_gold}), F0.5 {s['f05']:.2f}")


def sample() -> None:
    text = subprocess.run(["git", "show", f"{SAMPLED_FROM}:{LIST}"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    pairs = [(r["word"], r["synonym"]) for r in csv.DictReader(io.StringIO(text), delimiter="\t")]
    rng = random.Random(17)
    drawn = rng.sample(pairs, 120)
    order = list(range(120))
    rng.shuffle(order)
    dev = set(order[:60])
    labelled = {int(r["id"]): (r["word"], r["synonym"], r["split"])
                for split in ("dev", "test") for r in read_labels(split)}
    same = all(labelled[i] == (a, b, "dev" if i in dev else "test")
               for i, (a, b) in enumerate(drawn))
    print(f"{len(pairs)} pairs at {SAMPLED_FROM}; redrawn sample matches the labels file: {same}")


def half(split: str):
    """The build script, one half's pairs and labels, and meddx's word lists."""
    build = build_script()
    rows = read_labels(split)
    words, _ = build.word_lists()
    return (build, [(r["word"], r["synonym"]) for r in rows], [int(r["same_meaning"]) for r in rows],
            words)


def tune() -> None:
    build, pairs, gold, words = half("dev")
    rows = pairs
    forms = build.WordForms(words)
    form = [build.form_verdict(a, b, forms) for a, b in pairs]
    print(f"DEV half: {len(rows)} pairs, {sum(gold)} same-meaning")
    print(line("session-16 list (keep all)", scores([True] * len(rows), gold), sum(gold)))
    print(line("form rule only", scores([not f for f in form], gold), sum(gold)))
    for reason in sorted(set(form) - {""}):
        hit = [g for f, g in zip(form, gold, strict=True) if f == reason]
        print(f"    form rule drops {len(hit)} as {reason!r}, {sum(hit)} of them labelled same-meaning")
    same_form = [i for i, f in enumerate(form) if not f]
    best = None
    for carrier in CARRIERS:
        cos = dict(zip(same_form, build.meaning_cosines([pairs[i] for i in same_form], carrier),
                       strict=True))
        results = []
        for t in GRID:
            s = scores([i in cos and cos[i] >= t for i in range(len(rows))], gold)
            results.append((s["f05"], s["precision"], -t, t, s))
        f05, _, _, t, s = max(results)
        print(line(f"form rule + cosine in {carrier!r} >= {t:.2f}", s, sum(gold)))
        if best is None or (f05, s["precision"]) > (best[0], best[3]["precision"]):
            best = (f05, carrier, t, s)
    print(f"chosen: carrier {best[1]!r}, threshold {best[2]:.2f} (build script holds "
          f"{build.MEANING_CARRIER!r}, {build.MEANING_THRESHOLD:.2f})")


def score(split: str = "test") -> None:
    """The filter as the build script holds it, on one half (``test`` runs it on the test half)."""
    build, pairs, gold, words = half(split)
    rows = pairs
    verdicts = build.meaning_verdicts(pairs, words)
    print(f"{split.upper()} half: {len(rows)} pairs, {sum(gold)} same-meaning; filter: form rule + cosine in "
          f"{build.MEANING_CARRIER!r} >= {build.MEANING_THRESHOLD:.2f}")
    print(line("session-16 list (keep all)", scores([True] * len(rows), gold), sum(gold)))
    print(line("meaning filter", scores([not v for v in verdicts], gold), sum(gold)))
    for (a, b), v, g in zip(pairs, verdicts, gold, strict=True):
        if bool(v) == bool(g):  # a disagreement with the label
            print(f"    {'dropped' if v else 'kept'} {a}/{b} ({v or 'kept'}), labelled "
                  f"{'same' if g else 'not same'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["sample", "tune", "test"])
    {"sample": sample, "tune": tune, "test": score}[ap.parse_args().step]()


if __name__ == "__main__":
    main()
