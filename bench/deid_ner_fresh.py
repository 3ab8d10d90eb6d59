"""Rules alone vs rules + the ``ner`` detector on fresh hand-written notes (sessions 10 and 11).

    python bench/deid_ner_fresh.py --label deidner11 --ner-model /work/wt/deidner11_model \
        [--n-abstracts 300] [--sets fresh10,notes11,notes12v] [--guard-off]

Two sets, never trained on by the NER model of session 11: ``fresh10``, the 146 notes of
``bench/data/deid_round3/*/fresh.jsonl`` written in session 10 after the rules were tuned (the
model's decision rule is chosen there: validation figures, not test ones), and ``notes11``, the
137 notes of ``bench/data/deid_round3/notes11/`` written in session 11 for validating learned
taggers (nothing was chosen on them).
Scoring is issue 14's (:mod:`deid_realstyle`: a gold PHI is found when every alphanumeric
character is covered; precision counts predicted spans overlapping a gold PHI; typed recall
needs the same mapped type). Also: the hard negatives of the same notes tagged, spans on the
first ``--n-abstracts`` Medical Abstracts (no PHI; the same ones for both), and notes per CPU-second of each
configuration on the fresh10 notes (one process, ``time.process_time``). Errors are never
printed. Results go to ``bench/results/deid_ner_fresh-<label>.json``.

The notes run through ``meddx deid`` (``deid_realstyle.run_deid``: ``deid_file``, which calls
``Deidentifier.detect_many`` on batches of 64 notes), one set at a time. ``detect_many`` shares
the facility names it finds across the notes of one call (``deid.consistent``), so a note's
spans depend on the notes that share its call: ``bench/deid_crf_case.py`` makes one call on every
note it is given (one set, or the 21 pooled files), and its default figures differ from these
in the third decimal (notes12v recall 0.9295 there, 0.9286 here; precision up to 0.3 points on
a pooled call). Neither is wrong; these are the figures a ``meddx deid`` user gets
(``bench/deid_path_compare.py``, docs/benchmarks.md, session 16, branch tidy16).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_realstyle as rs  # noqa: E402
from _timing import command_line  # noqa: E402

ROUND3 = ROOT / "bench" / "data" / "deid_round3"
#: Session 10's fresh notes (146; where the NER decision rule is chosen) and session 11's
#: notes11 (137, written for validating learned taggers; never tuned on) and session 12's
#: notes12v, session 13's notes13v, session 14's notes14v and session 15's notes15c and
#: notes15v, session 16's notes16c and notes16v, session 17's notes17v, session 18's notes18v,
#: session 19's notes19sv and notes19sw and session 20's notes20sv and
#: session 21's notes21sv and session 22's notes22sv (PHI-sparse; the same purpose).
VALIDATION_ONLY = ("notes11", "notes12v", "notes13v", "notes14v", "notes15c", "notes15v",
                   "notes16c", "notes16v", "notes17v", "notes18v", "notes19sv",
                   "notes19sw", "notes20sv", "notes21sv", "notes22sv")
SETS = {
    "fresh10": sorted(p for p in ROUND3.glob("*/fresh.jsonl")
                      if p.parent.name not in VALIDATION_ONLY),
    "notes11": [ROUND3 / "notes11" / "fresh.jsonl"],
}
if (ROUND3 / "notes12v" / "fresh.jsonl").is_file():
    SETS["notes12v"] = [ROUND3 / "notes12v" / "fresh.jsonl"]
if (ROUND3 / "notes13v" / "fresh.jsonl").is_file():
    SETS["notes13v"] = [ROUND3 / "notes13v" / "fresh.jsonl"]
#: validation sets the session's lead alone scores (start and end): named explicitly, never default
LEAD_ONLY = ("notes13v", "notes14v", "notes15v", "notes16v", "notes17v", "notes18v",
             "notes19sv", "notes19sw", "notes20sv", "notes21sv", "notes22sv")
for _name in ("notes14v", "notes15c", "notes15v", "notes16c", "notes16v", "notes17v", "notes18v",
              "notes19sv", "notes19sw", "notes20sv", "notes21sv", "notes22sv"):
    if (ROUND3 / _name / "fresh.jsonl").is_file():
        SETS[_name] = [ROUND3 / _name / "fresh.jsonl"]


def fresh_notes(paths: list[Path] = SETS["fresh10"]) -> tuple[list[dict], list[list[dict]]]:
    """The notes of ``paths``, and each note's hard negatives."""
    notes, negs = [], []
    for path in paths:
        rows = rs.load_set(path)
        notes += rows
        negs += rs.load_negatives(path.with_name("fresh_hard_negatives.jsonl"),
                                  [r["id"] for r in rows]) or [[] for _ in rows]
    return notes, negs


def unknown_sets(names: str) -> list[str]:
    """The comma-separated ``names`` that are neither a set of :data:`SETS` nor 'abstracts'
    (the Medical Abstracts, scored in every run)."""
    return sorted(set(names.split(",")) - set(SETS) - {"abstracts"})


def cpu_rate(texts: list[str], cfg: dict) -> float:
    """Notes per CPU-second of this process (one worker), after one warm-up note."""
    rs.run_deid(texts[:1], cfg)
    start = time.process_time()
    rs.run_deid(texts, cfg)
    return round(len(texts) / (time.process_time() - start), 1)


def abstract_spans(cfgs: dict, n: int) -> dict:
    """Spans (and their labels) on the first ``n`` Medical Abstracts, the same ones for every
    configuration (the abstracts hold no PHI)."""
    from collections import Counter

    texts = rs.abstracts()[:n]
    out = {}
    for cname, cfg in cfgs.items():
        preds, crashed = rs.run_deid(texts, cfg)
        out[cname] = {"n_abstracts": len(texts), "n_spans": sum(map(len, preds)),
                      "by_label": dict(Counter(s[2] for p in preds for s in p).most_common()),
                      "notes_crashed": len(crashed)}
        print(f"abstracts {cname:12s} {out[cname]}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--ner-model", type=Path, default=None)
    ap.add_argument("--n-abstracts", type=int, default=300)
    ap.add_argument("--sets", default=",".join(s for s in SETS if s not in LEAD_ONLY),
                    help="comma-separated sets to score (default: all present except the "
                         "lead-only validation sets, which must be named; 'abstracts' may be "
                         "named too: the Medical Abstracts are scored in every run)")
    ap.add_argument("--guard-off", action="store_true",
                    help="also score default+ner with deid.ner_guard off ('default+ner-off')")
    args = ap.parse_args()
    args.no_presidio = True
    cfgs = rs.configs(args)
    if args.guard_off and "default+ner" in cfgs:
        cfgs["default+ner-off"] = dict(cfgs["default+ner"], ner_guard="off")
    unknown = unknown_sets(args.sets)
    if unknown:
        ap.error(f"unknown set(s) {unknown}; known: {', '.join(SETS)}")
    results = {}
    for sname, paths in SETS.items():
        if sname not in args.sets.split(",") or not all(p.is_file() for p in paths):
            continue
        notes, negs = fresh_notes(paths)
        results[sname] = result = rs.eval_set(sname, notes, negs, cfgs, show_errors=False)
        for cname in cfgs:
            res = result[cname]
            print(f"\n{sname} {cname}: type gold R P typed-R")
            for t, r in res["by_type"].items():
                print(f"  {t:9s} {r['n_gold']:4d} {rs._f(r['recall'])} {rs._f(r['precision'])} "
                      f"{rs._f(r['typed_recall'])}")
            tagged = sum(v["tagged"] for v in res["hard_negatives"].values())
            total = sum(v["of"] for v in res["hard_negatives"].values())
            print(f"  hard negatives tagged {tagged} of {total}")
    notes, _ = fresh_notes()
    abstracts = abstract_spans(cfgs, args.n_abstracts)
    texts = [n["text"] for n in notes]
    cpu = {k: cpu_rate(texts, v) for k, v in cfgs.items()}
    print(f"notes per CPU-second on the fresh notes: {cpu}")
    meta = None
    if args.ner_model:
        meta = json.loads((args.ner_model / "meddx_ner.json").read_text(encoding="utf-8"))
    keep = ("train", "threshold", "min_span_score")
    out = {"label": args.label, "command": command_line(),
           "files": {k: [str(p.relative_to(ROOT)) for p in v] for k, v in SETS.items()},
           **results,
           "abstracts": abstracts, "notes_per_cpu_s": cpu,
           "ner_manifest": meta and {k: meta[k] for k in keep if k in meta}}
    dst = ROOT / "bench" / "results" / f"deid_ner_fresh-{args.label}.json"
    dst.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"written {dst.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
