"""De-identification under letter-case changes: each note scored as written, lower-cased and
upper-cased (character by character, so the gold offsets stay valid), with the scoring of
``bench/deid_realstyle.py`` (recall, typed recall, precision, hard negatives tagged) and the CPU
time of detection per variant.

    PYTHONPATH=src python bench/deid_case.py --set shared=../shared/data/deid_dev/notes.jsonl \
        --set rsdev=bench/data/deid_realstyle/dev.jsonl [--variants orig,lower,upper] \
        [--show-errors] [--by-type] [--out /tmp/case.json]

``--set name=path`` may repeat; a path may be a glob (all files pooled under that name). Hard
negatives are read from ``<stem>_hard_negatives.jsonl`` next to each file when present (their
spans are case-transformed too). ``--show-errors`` lists misses and false positives; it refuses
the held-out sets and the real-style test split (never tuned on, never looked at).
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_realstyle import is_found, negative_hits, overlaps, score  # noqa: E402

FORBIDDEN = ("deid_heldout", "test.jsonl")
VARIANTS = {"orig": lambda t: t, "lower": lambda t: "".join(c.lower() for c in t),
            "upper": lambda t: "".join(c.upper() for c in t)}


def transform(text: str, variant: str) -> str:
    """``text`` in ``variant`` case; a character that would change length is kept as written."""
    f = VARIANTS[variant]
    return "".join(f(c) if len(f(c)) == 1 else c for c in text)


def load(pattern: str) -> tuple[list[dict], list[list[dict]] | None]:
    notes: list[dict] = []
    negs: list[list[dict]] = []
    have_negs = True
    for path in sorted(glob.glob(pattern)) or [pattern]:
        p = Path(path)
        rows = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
        notes += rows
        neg_path = p.with_name(p.stem + "_hard_negatives.jsonl")
        if neg_path.is_file():
            by_id = {r["id"]: r["negatives"] for r in map(json.loads, neg_path.read_text().splitlines())}
            negs += [by_id.get(r["id"], []) for r in rows]
        else:
            have_negs = False
    return notes, (negs if have_negs else None)


def detect(texts: list[str]) -> tuple[list, float]:
    from meddx.deid import Deidentifier

    deid = Deidentifier()
    t0 = time.process_time()
    preds = [[(s.start, s.end, s.label) for s in spans] for spans in deid.detect_many(texts)]
    return preds, time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", required=True, help="name=path (glob allowed)")
    ap.add_argument("--variants", default="orig,lower,upper")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--by-type", action="store_true", help="print recall per PHI type")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    result: dict = {}
    for spec in args.set:
        name, _, pattern = spec.partition("=")
        if args.show_errors and any(f in pattern for f in FORBIDDEN):
            sys.exit(f"refusing --show-errors on {pattern}: held-out or test data")
        notes, negs = load(pattern)
        for variant in args.variants.split(","):
            texts = [transform(n["text"], variant) for n in notes]
            gold = [[(p["start"], p["end"], p["type"]) for p in n["phi"]] for n in notes]
            preds, cpu = detect(texts)
            res = score(list(zip(texts, gold, preds, strict=True)))
            res["cpu_s"] = cpu
            res["notes_per_cpu_s"] = len(texts) / cpu if cpu else None
            if negs is not None:
                res["hard_negatives"] = negative_hits(negs, preds)
            result[f"{name}/{variant}"] = res
            o = res["overall"]
            tagged = sum(v["tagged"] for v in res.get("hard_negatives", {}).values())
            of = sum(v["of"] for v in res.get("hard_negatives", {}).values())
            print(f"{name:10s} {variant:6s} R {o['recall']:.3f} typed {o['typed_recall']:.3f} "
                  f"P {o['precision']:.3f} ({o['n_gold']} gold, {o['n_pred']} pred, "
                  f"{o['n_pred'] - o['right']} FP) negs {tagged}/{of} "
                  f"{res['notes_per_cpu_s']:.0f} notes/cpu-s", flush=True)
            if args.by_type:
                print("   " + "  ".join(f"{t} {r['recall']:.3f}/{r['typed_recall']:.3f} (n={r['n_gold']})"
                                       for t, r in res["by_type"].items() if r["n_gold"]))
            if args.show_errors:
                miss = Counter()
                for n, t, g, p in zip(notes, texts, gold, preds, strict=True):
                    for s in g:
                        if not is_found(t, s, p):
                            miss[s[2]] += 1
                            ctx = t[max(0, s[0] - 30) : s[1] + 20]
                            print(f"  MISS {n['id']} {s[2]:9s} {t[s[0]:s[1]]!r}  ...{ctx!r}")
                    for s in p:
                        if not overlaps(s, g):
                            ctx = t[max(0, s[0] - 25) : s[1] + 25]
                            print(f"  FP   {n['id']} {s[2]:9s} {t[s[0]:s[1]]!r}  ...{ctx!r}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
