"""CPU time of one ``Deidentifier().detect`` on long repeated inputs (session 20): the slow paths
deidleft20 made linear ("Seen at Lahey. ", many facility mentions; "mary ", re-cased runs; capitals
lines with many towns) and the stress inputs the read-only reviews time.

    PYTHONPATH=<src> OMP_NUM_THREADS=1 .venv/bin/python bench/deid_long_inputs.py \
        [--sizes 1000,2000,4000] [--rounds 2] [--inputs 0,3] [--unit "PRO AMBULANCE " ...]

Run it with two ``src`` trees (``git archive <commit> src``) for a before/after: each line prints
the input, the repeat count, the least process time of ``--rounds`` calls after a warm-up call,
and the ratio to the previous size (about 2 per doubling is linear). Process time, not wall
time; on a shared machine compare ratios, not absolute seconds. No note text is read: every input
is built here.
"""

from __future__ import annotations

import argparse
import json
import time

INPUTS = ("Seen at Lahey. ", "BOSTON ", "Boston ", "mary ", "SON LIVES IN WHEELING. ",
          "A FARMER IN CENTENNIAL. ", "1/2, ", "2019 ")


def best_time(deid, text: str, rounds: int) -> float:
    """The least process time of ``rounds`` calls of ``deid.detect(text)``."""
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        deid.detect(text)
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,2000,4000")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--inputs", default=None,
                    help="indices into INPUTS (default: all, or none when --unit is given)")
    ap.add_argument("--unit", action="append", default=[],
                    help="a further input to repeat (session 21; may be given several times; "
                         "'\\n' stands for a line break)")
    args = ap.parse_args()
    from meddx.deid import Deidentifier

    deid = Deidentifier()
    deid.detect("Seen at Lahey on 3/4 by Dr. Smith.")  # warm the word lists
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.inputs is None:
        args.inputs = "" if args.unit else ",".join(str(i) for i in range(len(INPUTS)))
    units = [INPUTS[int(k)] for k in args.inputs.split(",") if k]
    for unit in units + [u.replace("\\n", "\n") for u in args.unit]:
        last = None
        for n in sizes:
            s = best_time(deid, unit * n, args.rounds)
            print(json.dumps({"input": unit, "repeats": n, "cpu_s": round(s, 3),
                              "ratio_to_previous": round(s / last, 2) if last else None}))
            last = s


if __name__ == "__main__":
    main()
