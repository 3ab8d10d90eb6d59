"""Notes per second of `meddx abbrev` (detection + disambiguation, in process) on the dev notes.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/abbrev_speed.py [--repeats 3] [--no-cues]

Reads the texts of the existing dev splits (bench/data/abbrev_clinical/dev/*.jsonl, our own
sentences; ``--splits`` to choose), builds or loads the default model (not timed), runs
``resolve`` once to warm up, then times ``--repeats`` passes and prints the best and the median
notes/s, and for the fastest pass the seconds spent in the encoder and in everything else
(detection, cue rows, scoring). Run it with another checkout's ``src`` on PYTHONPATH to time
that version on the same notes and machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "abbrev_clinical" / "dev"
SPLITS = ("tune", "holdout", "stress", "stress2", "stress3", "stress4", "extend", "extend_check")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--splits", nargs="+", default=list(SPLITS))
    ap.add_argument("--no-cues", action="store_true")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    from meddx.models import text_embedder
    from meddx.text import default_abbreviation_model, load_inventory

    texts = [json.loads(line)["text"] for s in args.splits
             for line in (DATA / f"{s}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    inv = load_inventory(bundled_cues=not args.no_cues)
    encoder = text_embedder()
    spent = [0.0]

    def embed(batch):
        t0 = time.perf_counter()
        out = encoder(batch)
        spent[0] += time.perf_counter() - t0
        return out

    model = default_abbreviation_model(inv, embed)
    model.resolve(texts)
    passes = []  # (seconds, encoder seconds)
    for _ in range(args.repeats):
        spent[0] = 0.0
        t0 = time.perf_counter()
        found = model.resolve(texts)
        passes.append((time.perf_counter() - t0, spent[0]))
    best = min(passes)
    print(json.dumps({"notes": len(texts), "mentions": sum(map(len, found)),
                      "best_notes_per_s": round(len(texts) / best[0], 1),
                      "median_notes_per_s": round(len(texts) / statistics.median(
                          p[0] for p in passes), 1),
                      "best_pass_encoder_s": round(best[1], 2),
                      "best_pass_other_s": round(best[0] - best[1], 2)}))


if __name__ == "__main__":
    main()
