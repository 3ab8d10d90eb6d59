"""Score the abbreviation dev files with and without cues in ONE process (session 10).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/abbrev_embed_eval.py TAG FILE.jsonl... \\
        [--no-sense-embedding]

For each gold file it does what ``meddx abbrev-eval --gold FILE [--no-cues]`` does (the same
``load_abbreviation_model`` and ``evaluate_abbreviations``), loading each model once, and
writes ``bench/results/abbrev5/<file>_<cues|nocues>_<TAG>.json``. Run with
``PYTHONPATH=<a copy of src before the change>`` for the "before" figures. It also times
``model.resolve`` on each file (one thread): mentions resolved per CPU-second.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from meddx.cli._abbrev import load_abbreviation_model
from meddx.text import evaluate_abbreviations, find_abbreviations

OUT = Path(__file__).parent / "results" / "abbrev5"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("tag")
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--no-sense-embedding", action="store_true")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for no_cues in (True, False):
        inv, model = load_abbreviation_model(None, None, no_cues=no_cues)
        if hasattr(model, "sense_embedding"):
            model.sense_embedding = not args.no_sense_embedding
        for f in args.files:
            texts = [json.loads(x)["text"] for x in f.read_text(encoding="utf-8").splitlines()]
            model.resolve(texts[:2])  # warm: the sense vectors of these short forms
            t0 = time.process_time()
            model.resolve(texts)
            cpu = time.process_time() - t0
            n = sum(len([m for m in find_abbreviations(t, inv) if len(inv.senses[m.key]) > 1])
                    for t in texts)
            result = evaluate_abbreviations(inv, f, model=model)
            result["cpu"] = {"seconds": round(cpu, 3), "mentions": n,
                             "mentions_per_cpu_second": round(n / cpu, 1) if cpu else None}
            name = f"{f.stem}_{'nocues' if no_cues else 'cues'}_{args.tag}.json"
            (OUT / name).write_text(json.dumps(result, indent=1), encoding="utf-8")
            o = result["overall"]
            print(f"{f.stem:16s} {'no cues' if no_cues else 'cues':8s} "
                  f"bal.acc {o.get('balanced_accuracy', float('nan')):.3f} "
                  f"acc {o.get('accuracy', float('nan')):.3f} n {o.get('n')} "
                  f"mentions/cpu-s {result['cpu']['mentions_per_cpu_second']}", flush=True)


if __name__ == "__main__":
    main()
