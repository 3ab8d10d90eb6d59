"""De-identification benchmark: held-out synthetic notes, realism stress, and throughput.

    python bench/deid_bench.py --ner-model /tmp/ner --n 200 --seed 4242 \
        --out bench/results/deid.json

1. **Held-out set**: ``--n`` synthetic notes with a seed the NER model was not trained on,
   including the note types its manifest says were withheld from training. Entity-level
   recall / precision / F1 (any overlap, exact) for rules + dictionaries, + NER, and Presidio
   (spaCy small, offline), on the same notes, with notes/s of one process and notes per CPU
   second (process time: less sensitive to other jobs on a shared machine).
2. **Realism stress** (bench/deid_stress.py): the same notes ALL CAPS, run-on, with
   lower-case names, with look-alike medical words, with unseen date formats, and all at once.
3. **Throughput**: ``meddx deid`` (deid_file) on a JSONL of ``--throughput-n`` notes (~1 KB),
   redact mode, 2 worker processes: rules only (the baseline), rules + dictionaries, + NER;
   rounds interleaved, load average recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deid_stress import STRESS, stress  # noqa: E402

from meddx.deid import Deidentifier, deid_file, evaluate_deid, synth_notes  # noqa: E402

RULES_DICTS = ["rules", "names", "places"]


def _score(deid: Deidentifier, notes: list[dict]) -> dict:
    docs, wall, cpu = [], 0.0, 0.0
    by_type: dict[str, list] = {}
    for note in notes:
        t0, c0 = time.perf_counter(), time.process_time()
        res = deid.deidentify(note["text"], patient=note.get("patient_id", ""))
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        doc = (note["text"], [(p["start"], p["end"], p["type"]) for p in note["phi"]],
               [(s.start, s.end, s.label) for s in res.spans])
        docs.append(doc)
        by_type.setdefault(note.get("note_type", "?"), []).append(doc)
    m = evaluate_deid(docs)
    row = _row(m)
    row.update(notes_per_s=round(len(notes) / wall, 1), notes_per_cpu_s=round(len(notes) / cpu, 1),
               by_note_type={k: _row(evaluate_deid(v)) for k, v in sorted(by_type.items())},
               by_phi_type={k: _row({"overall": v, "n_docs": None})
                            for k, v in m["by_type"].items()})
    return row


def _row(m: dict) -> dict:
    o = m["overall"]
    return {"n_gold": o["n_gold"], "n_pred": o["n_pred"],
            "recall": o["overlap"]["recall"], "precision": o["overlap"]["precision"],
            "f1": o["overlap"]["f1"], "recall_exact": o["exact"]["recall"],
            "precision_exact": o["exact"]["precision"], "f1_exact": o["exact"]["f1"]}


def _throughput(path: Path, configs: dict, rounds: int, workers: int, ner_model) -> dict:
    times: dict[str, list[float]] = {k: [] for k in configs}
    loads = []
    for _ in range(rounds):
        for name, (dets, n) in configs.items():
            src = path if n is None else n
            loads.append(os.getloadavg()[0])
            t0 = time.perf_counter()
            out = src.with_suffix(".out.jsonl")
            s = deid_file(src, out, detectors=dets, workers=workers, quiet=True,
                          ner_model=ner_model if "ner" in dets else None)
            times[name].append(s["rows"] / (time.perf_counter() - t0))
            out.unlink()
    return {"notes_per_s": {k: round(statistics.median(v), 1) for k, v in times.items()},
            "all_rounds": {k: [round(x, 1) for x in v] for k, v in times.items()},
            "load_avg_1min": [round(x, 2) for x in loads], "workers": workers}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ner-model", type=Path, default=None)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--stress-n", type=int, default=None,
                    help="stress only the first N held-out notes (default: all)")
    ap.add_argument("--no-presidio", action="store_true")
    ap.add_argument("--throughput-n", type=int, default=1000)
    ap.add_argument("--throughput-n-ner", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", default="", help="comma list of parts to skip: held,stress,speed")
    ap.add_argument("--out", type=Path, default=Path("bench/results/deid.json"))
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    ner = str(args.ner_model) if args.ner_model else None
    result: dict = {"n": args.n, "seed": args.seed, "stress_n": args.stress_n or args.n,
                    "cpu_count": os.cpu_count(), "argv": sys.argv[1:]}
    if ner:
        meta = json.loads((args.ner_model / "meddx_ner.json").read_text())
        result["ner_train"] = meta["train"]
        result["ner_validation"] = meta["validation"]
    configs = {"rules+dicts": Deidentifier(detectors=RULES_DICTS)}
    if ner:
        configs["rules+dicts+ner"] = Deidentifier(detectors=RULES_DICTS + ["ner"], ner_model=ner)
    if not args.no_presidio:
        configs["presidio"] = Deidentifier(detectors=["presidio"])
    notes = synth_notes(args.n, args.seed)
    if "held" not in skip:
        result["held_out"] = {name: _score(d, notes) for name, d in configs.items()}
        _print("held-out", result["held_out"])
    if "stress" not in skip:
        result["stress"] = {}
        for kind in list(STRESS) + ["all"]:
            stressed = stress(notes[:args.stress_n], kind, seed=args.seed)
            result["stress"][kind] = {name: _score(d, stressed) for name, d in configs.items()
                                      if name != "presidio" or kind == "all"}
            _print(f"stress {kind}", result["stress"][kind])
    if "speed" not in skip:
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / "notes.jsonl"
            rows = synth_notes(args.throughput_n, args.seed + 1)
            big.write_text("".join(json.dumps({"id": r["id"], "patient_id": r["patient_id"],
                                               "text": r["text"]}) + "\n" for r in rows))
            result["throughput_note_chars_mean"] = round(statistics.mean(len(r["text"])
                                                                         for r in rows))
            cfg = {"rules": (["rules"], None), "rules+dicts": (RULES_DICTS, None)}
            if ner:
                small = Path(tmp) / "small.jsonl"
                small.write_text("".join(big.read_text().splitlines(True)[:args.throughput_n_ner]))
                cfg["rules+dicts (same small file)"] = (RULES_DICTS, small)
                cfg["rules+dicts+ner (small file)"] = (RULES_DICTS + ["ner"], small)
            result["throughput"] = _throughput(big, cfg, args.rounds, args.workers, ner)
            print(json.dumps(result["throughput"], indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written {args.out}")


def _print(title: str, rows: dict) -> None:
    for name, r in rows.items():
        print(f"{title:24s} {name:18s} R {r['recall']:.3f} P {r['precision']:.3f} "
              f"F1 {r['f1']:.3f} | exact R {r['recall_exact']:.3f} P {r['precision_exact']:.3f} "
              f"| {r['notes_per_s']:.1f} notes/s, {r['notes_per_cpu_s']:.1f}/cpu-s", flush=True)


if __name__ == "__main__":
    main()
