"""Notes per second of `meddx abbrev` (detection + disambiguation, in process) on the dev notes.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/abbrev_speed.py [--repeats 3] [--no-cues]

Reads the texts of the existing dev splits (bench/data/abbrev_clinical/dev/*.jsonl, our own
sentences; ``--splits`` to choose), builds or loads the default model (not timed), runs
``resolve`` once to warm up, then times ``--repeats`` passes and prints the best and the median
notes/s, and for the fastest pass the seconds spent in the encoder and in everything else
(detection, cue rows, scoring). It also reports process CPU time (``time.process_time``, which
a busy shared machine disturbs much less than wall time): the least CPU milliseconds per note
over the passes, in all and outside the encoder. Run it with another checkout's ``src`` on
PYTHONPATH to time that version on the same notes and machine.
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
    spent = [0.0, 0.0]  # encoder wall seconds, encoder CPU seconds

    def embed(batch):
        t0, c0 = time.perf_counter(), time.process_time()
        out = encoder(batch)
        spent[0] += time.perf_counter() - t0
        spent[1] += time.process_time() - c0
        return out

    model = default_abbreviation_model(inv, embed)
    model.resolve(texts)
    passes = []  # (seconds, encoder seconds, CPU seconds, encoder CPU seconds)
    for _ in range(args.repeats):
        spent[0] = spent[1] = 0.0
        t0, c0 = time.perf_counter(), time.process_time()
        found = model.resolve(texts)
        passes.append((time.perf_counter() - t0, spent[0], time.process_time() - c0, spent[1]))
    best = min(passes)
    cpu = min(p[2] for p in passes)
    other_cpu = min(p[2] - p[3] for p in passes)
    print(json.dumps({"notes": len(texts), "mentions": sum(map(len, found)),
                      "best_notes_per_s": round(len(texts) / best[0], 1),
                      "median_notes_per_s": round(len(texts) / statistics.median(
                          p[0] for p in passes), 1),
                      "best_pass_encoder_s": round(best[1], 2),
                      "best_pass_other_s": round(best[0] - best[1], 2),
                      "cpu_ms_per_note": round(1000 * cpu / len(texts), 3),
                      "cpu_ms_per_note_outside_encoder": round(1000 * other_cpu / len(texts), 3)}))


if __name__ == "__main__":
    main()
