"""Where the default de-identifier spends its CPU: cProfile over synthetic and dev notes.

    PYTHONPATH=src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_profile.py [--n 300] [--top 25]

Runs ``Deidentifier()`` (default detectors) over ``synth_notes(n, 4243)`` (the notes
``bench/deid_cpu_compare.py`` times) and the real-style dev split, once to warm the caches, then
under cProfile, and prints the functions with the most own time (``tottime``). Prints function
names and times only, never note text.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "bench" / "data" / "deid_realstyle" / "dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300, help="synthetic notes")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    from meddx.deid import Deidentifier, synth_notes

    texts = [r["text"] for r in synth_notes(args.n, 4243)]
    with DEV.open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()]
    deid = Deidentifier()
    for t in texts:  # warm-up: word lists, compiled patterns
        deid.detect(t)
    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        deid.detect(t)
    prof.disable()
    stats = pstats.Stats(prof)
    print(f"{len(texts)} notes, {stats.total_tt:.2f} s of profiled time")
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
