"""CPU cost of resolving one dev file, one thread: mentions per CPU-second, first pass (the
sense embeddings of its short forms computed on the way) and second pass (cached).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/abbrev_embed_cpu.py FILE.jsonl [--no-cues]

Run it with ``PYTHONPATH`` on a copy of src before the change for the "before" figure.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from meddx.cli._abbrev import load_abbreviation_model
from meddx.text import find_abbreviations


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--no-cues", action="store_true")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    inv, model = load_abbreviation_model(None, None, no_cues=args.no_cues)
    texts = [json.loads(x)["text"] for x in args.file.read_text(encoding="utf-8").splitlines()]
    n = sum(len([m for m in find_abbreviations(t, inv) if len(inv.senses[m.key]) > 1])
            for t in texts)
    model.resolve(["warm up the encoder"])
    out = {}
    for name in ("first pass", "second pass"):
        t0 = time.process_time()
        model.resolve(texts)
        cpu = time.process_time() - t0
        out[name] = round(n / cpu, 1)
    print(json.dumps({"file": args.file.name, "no_cues": args.no_cues, "mentions": n,
                      "mentions_per_cpu_second": out}))


if __name__ == "__main__":
    main()
