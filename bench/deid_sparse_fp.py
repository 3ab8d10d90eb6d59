"""False spans on PHI-sparse notes (session 19, branch deidprec19): the default detectors on
writer groups (``bench/deid_writer_groups.py``'s A-K, the validation sets) and on the Medical
Abstracts (no PHI: every span is false), as written, in lower case and in capitals.

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_sparse_fp.py \
        --groups J,K[,abstracts] [--variants orig,lower,upper] [--read J] [--out FILE.json] \
        [--model M.crfsuite]

Per group and case: notes, words, gold PHI, recall and precision (issue 14 scoring,
``bench/deid_realstyle.py``), hard negatives tagged, and the **false spans** (predicted spans
that touch no gold PHI) in all, per note and per 1,000 words, by predicted type and by source:
the detector that produced the merged span (``Span.source``: rules, names, places, crf,
consistency), and for the rules detector the pattern list whose regex matches there
(``_patterns_years.YEAR_PATTERNS[3]``; ``rules:?`` when none matches the text as given, e.g. a
span found on the case view). With ``--abstracts-n N`` the first N abstracts only.

``--read G`` lists each false span of group G with 30 characters of context: training groups
only (A-Y, 24A-28C); the validation sets are refused, so they stay aggregates (a branch reads at most two
groups and keeps the others as its check groups). Lead-only and held-out sets are never scored
(no name or path reaches them here).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_case import transform  # noqa: E402
from deid_realstyle import abstracts, negative_hits, overlaps, score  # noqa: E402
from deid_writer_groups import VALIDATION, groups, load_group  # noqa: E402

#: groups whose individual false spans may be listed (training groups; each branch reads at most
#: two and keeps the others as its check groups, DEID.md)
READABLE = frozenset([*"ABCDEFGHIJKLMNOPQRSTUVWXY", "24A", "24B", "24C", "25A", "25B", "25C",
                      "26A", "26B", "26C", "27A", "27B", "27C", "28A", "28B", "28C",
                      "abstracts"])


def pattern_names() -> dict[int, str]:
    """``id(pattern)`` -> ``module.LIST[i]`` for every pattern list of the deid package."""
    import meddx.deid as pkg
    from meddx.deid._patterns import Pattern

    out: dict[int, str] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        mod = importlib.import_module(f"meddx.deid.{info.name}")
        for name, value in vars(mod).items():
            if (name.isupper() and isinstance(value, list) and value
                    and all(isinstance(p, Pattern) for p in value)):
                for i, p in enumerate(value):
                    out.setdefault(id(p), f"{info.name}.{name}[{i}]")
    return out


def rule_source(text: str, span: tuple[int, int], patterns, names: dict[int, str]) -> str:
    """The first rules pattern whose match (check passed) overlaps ``span``."""
    low = text.lower() if len(text.lower()) == len(text) else text
    a, b = span
    lo, hi = max(0, a - 120), min(len(text), b + 120)
    for p in patterns:
        string = low if p.lower else text
        for m in p.regex.finditer(string, lo, hi):
            s, e = m.span(p.group)
            if s < b and a < e and (p.check is None or p.check(m, text)):
                return "rules:" + names.get(id(p), "?")
    return "rules:?"


def false_spans(texts, gold, preds, rules, names) -> list[tuple[int, int, int, str, str]]:
    """(note index, start, end, label, source) of each predicted span touching no gold PHI."""
    out = []
    for i, (t, g, p) in enumerate(zip(texts, gold, preds, strict=True)):
        for s in p:
            if not overlaps((s.start, s.end, s.label), g):
                src = s.source or "?"
                if src == "rules":
                    src = rule_source(t, (s.start, s.end), rules, names)
                out.append((i, s.start, s.end, s.label, src))
    return out


def summary(texts, gold, preds, negs, fps) -> dict:
    words = sum(len(t.split()) for t in texts)
    o = score([(t, g, [(s.start, s.end, s.label) for s in p])
               for t, g, p in zip(texts, gold, preds, strict=True)])["overall"]
    tagged = (sum(v["tagged"] for v in negative_hits(
        negs, [[(s.start, s.end, s.label) for s in p] for p in preds]).values()) if negs else 0)
    n = len(fps)
    return {"notes": len(texts), "words": words, "n_gold": o["n_gold"], "found": o["found"],
            "recall": o["recall"], "precision": o["precision"], "n_pred": o["n_pred"],
            "false": n, "false_per_note": n / max(1, len(texts)),
            "false_per_1k_words": 1000 * n / max(1, words), "hard_negatives_tagged": tagged,
            "false_by_type": dict(Counter(f[3] for f in fps).most_common()),
            "false_by_source": dict(Counter(f[4] for f in fps).most_common())}


def _f(x) -> str:
    return "-" if x is None else f"{x:.4f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--groups", default="J,K,abstracts")
    ap.add_argument("--variants", default="orig,lower")
    ap.add_argument("--read", default="", help="training groups (A-Y, 24A-28C) whose false spans are listed")
    ap.add_argument("--abstracts-n", type=int, default=None)
    ap.add_argument("--top", type=int, default=12, help="sources shown per line")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--model", default=None,
                    help="CRF model (default: the bundled one; session 25, crf25)")
    args = ap.parse_args()
    read = {g for g in args.read.split(",") if g}
    if not read <= READABLE:
        sys.exit("--read names training groups A-Y, 24A-28C or abstracts only "
                 "(the validation sets: aggregates)")
    from meddx.deid import Deidentifier
    from meddx.deid._rules import RulesDetector

    deid = Deidentifier(crf_model=args.model)
    rules = next((d.patterns for d in deid.detectors if isinstance(d, RulesDetector)), [])
    names = pattern_names()
    sets = groups(str(Path(__file__).resolve().parent / "data" / "deid_round3" / "notes15c"
                      / "fresh.jsonl"))
    result: dict = {}
    pooled: dict[str, list] = {}
    for name in args.groups.split(","):
        if name == "abstracts":
            notes = [{"id": f"abs{i}", "text": t, "phi": []}
                     for i, t in enumerate(abstracts()[: args.abstracts_n])]
            negs = None
        else:
            notes, negs = load_group(sets[name])
        for variant in args.variants.split(","):
            texts = [transform(n["text"], variant) for n in notes]
            gold = [[(p["start"], p["end"], p["type"]) for p in n["phi"]] for n in notes]
            preds = deid.detect_many(texts)
            fps = false_spans(texts, gold, preds, rules, names)
            row = summary(texts, gold, preds, negs, fps)
            result[f"{name}/{variant}"] = row
            if name in VALIDATION:
                pooled.setdefault(variant, []).append(row)
            top = ", ".join(f"{k} {v}" for k, v in list(row["false_by_source"].items())[: args.top])
            print(f"{name:9s} {variant:5s} notes {row['notes']} R {_f(row['recall'])} "
                  f"P {_f(row['precision'])} FP {row['false']} ({row['false_per_note']:.3f}/note, "
                  f"{row['false_per_1k_words']:.2f}/1k words) negs {row['hard_negatives_tagged']}"
                  f"\n    by type: {row['false_by_type']}\n    by source: {top}", flush=True)
            if name in read:
                for i, a, b, label, src in fps:
                    t = texts[i]
                    print(f"  FP {notes[i]['id']} {label:8s} {src:40s} {t[a:b]!r} "
                          f"...{t[max(0, a - 30):b + 30]!r}")
    for variant, rows in pooled.items():
        fp, words = sum(r["false"] for r in rows), sum(r["words"] for r in rows)
        result[f"validation-pooled/{variant}"] = {"false": fp, "false_per_1k_words": 1000 * fp / words}
        print(f"VALIDATION {variant:5s} false spans {fp} ({1000 * fp / words:.2f}/1k words)")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
