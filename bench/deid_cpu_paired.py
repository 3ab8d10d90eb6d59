"""Notes per CPU-second of two versions of the de-identifier, each in its own process, in turn.

    git archive 73a0960 src | tar -x -C /tmp/deid_base       # the version to compare against
    python bench/deid_cpu_paired.py --pairs 6 /tmp/deid_base/src src

Each run is a fresh Python process that imports one tree's ``meddx``, de-identifies
``synth_notes(300, 4243)`` once to warm up and twice timed (rules + dictionaries, redact,
process time) and prints its notes per CPU-second; the two trees alternate ``--pairs`` times.
Prints each pair's ratio (second tree / first), their median and the median rates. Unlike
``deid_cpu_compare.py`` no two versions share a process (their word lists, caches and
memory layout cannot favour one), and the ratio of one pair of neighbouring runs is less
disturbed by other jobs on a shared machine than a ratio of medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from meddx.deid import Deidentifier, synth_notes
texts = [r["text"] for r in synth_notes(300, 4243)]
deid = Deidentifier(detectors=["rules", "names", "places"])
for t in texts:
    deid.deidentify(t)
c0 = time.process_time()
for _ in range(2):
    for t in texts:
        deid.deidentify(t)
print(2 * len(texts) / (time.process_time() - c0))
"""


def _rate(src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": "", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", _RUN, str(src)], capture_output=True, text=True,
                         env=env, check=True).stdout
    return float(out.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("baseline", type=Path, help="src folder of the version to compare against")
    ap.add_argument("checkout", type=Path, help="src folder of the version measured")
    ap.add_argument("--pairs", type=int, default=6)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rows = []
    for k in range(args.pairs):
        order = (args.baseline, args.checkout) if k % 2 == 0 else (args.checkout, args.baseline)
        got = {src: _rate(src.resolve()) for src in order}
        rows.append((got[args.baseline], got[args.checkout]))
        print(f"pair {k + 1}: {rows[-1][0]:.1f} -> {rows[-1][1]:.1f} ({rows[-1][1] / rows[-1][0]:.3f})")
    result = {"pairs": [[round(a, 1), round(b, 1)] for a, b in rows],
              "ratio_median": round(statistics.median(b / a for a, b in rows), 3),
              "notes_per_cpu_s_median": [round(statistics.median(r[i] for r in rows), 1) for i in (0, 1)],
              "argv": sys.argv[1:]}
    print(json.dumps(result))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
