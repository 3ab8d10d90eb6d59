"""Notes per CPU-second of default+ner with two ner adapters, side by side in one process.

    python bench/deid_ner_cpu_pair.py --a src/meddx/deid/resources/deid_ner_lora \
        --b /tmp/other_adapter [--rounds 3] [--out bench/results/deid_ner_cpu_pair-LABEL.json]

Both adapters (and the default detectors without ner) run on the same 146 fresh10 notes
(``bench/deid_ner_fresh.py``'s ``fresh10``), through ``Deidentifier.detect_many``, rounds
interleaved (default, a, b, default, a, b, ...), after one warm-up note each. Process time
(``time.process_time``), not wall time, so other jobs on a shared machine disturb the ratio
little. Only counts and rates are printed; no note text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import command_line  # noqa: E402
from deid_ner_fresh import ROOT, fresh_notes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", type=Path, required=True, help="first ner adapter (e.g. the bundled one)")
    ap.add_argument("--b", type=Path, required=True, help="second ner adapter")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    from meddx.deid import DEFAULT_DETECTORS, Deidentifier

    notes, _ = fresh_notes()
    texts = [n["text"] for n in notes]
    deids = {"default": Deidentifier()}
    for key in ("a", "b"):
        deids[key] = Deidentifier(detectors=[*DEFAULT_DETECTORS, "ner"],
                                  ner_model=str(getattr(args, key)))
    for deid in deids.values():
        deid.detect_many(texts[:1])
    rates: dict[str, list[float]] = {k: [] for k in deids}
    for _ in range(args.rounds):
        for key, deid in deids.items():
            start = time.process_time()
            deid.detect_many(texts)
            rates[key].append(len(texts) / (time.process_time() - start))
    out = {"command": command_line(), "n_notes": len(texts), "a": str(args.a), "b": str(args.b),
           "notes_per_cpu_s": {k: [round(r, 1) for r in v] for k, v in rates.items()},
           "median": {k: round(statistics.median(v), 1) for k, v in rates.items()},
           "b_over_a": round(statistics.median(rates["b"]) / statistics.median(rates["a"]), 3)}
    print(json.dumps({k: out[k] for k in ("notes_per_cpu_s", "median", "b_over_a")}))
    if args.out:
        dst = args.out if args.out.is_absolute() else ROOT / args.out
        dst.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"written {dst}")


if __name__ == "__main__":
    main()
