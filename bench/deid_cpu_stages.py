"""Where the default de-identifier's CPU goes, stage by stage (session 14, deidcpu14).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_cpu_stages.py \
        [--sets synth] [--n 300] [--rounds 3]

Runs ``Deidentifier()`` (default detectors) over the notes of ``--sets`` (the sets of
``bench/deid_crf_identity.py``: ``synth`` is what ``bench/deid_cpu_compare.py`` times; the first
``--n`` notes of each) with each detector's ``detect`` (the crf: ``detect_covered``) and each
step between them wrapped in a process-time counter; one note at a time, as
``deidentify`` runs. A detector's time holds all its calls, also those made inside
``caps_guard`` (the lower-cased ALL-CAPS lines) and the case view (whose rows hold them too), so
the rows add up to more than the total. Prints milliseconds per note and shares of the
total, never note text. The wrappers cost a little: read the shares, and compare versions only
with ``bench/deid_cpu_compare.py`` (paired).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_crf_identity import load_texts  # noqa: E402

#: the steps of ``_deidentifier`` between and after the detectors, by their names there
STEPS = ("caps_guard", "case_view_read", "confirm_ner", "outside_rules", "defer_ner_labels",
         "relabel", "merge_spans", "name_part_spans", "facility_part_spans", "facility_forms",
         "layout_view")


def _timed(counter: collections.Counter, owner, name: str, key: str) -> None:
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            counter[key] += time.process_time() - start

    setattr(owner, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="synth")
    ap.add_argument("--n", type=int, default=300, help="first N notes of each set")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    import meddx.deid._deidentifier as deid_module
    from meddx.deid import Deidentifier

    texts = [t for name in args.sets.split(",") for t in load_texts(name)[:args.n]]
    deid = Deidentifier()
    counter: collections.Counter = collections.Counter()
    for det in deid.detectors:
        if getattr(det, "detect_covered", None) is not None:
            _timed(counter, det, "detect_covered", f"detector {det.name}")
        else:
            _timed(counter, det, "detect", f"detector {det.name}")
    for step in STEPS:
        _timed(counter, deid_module, step, step)
    _timed(counter, Deidentifier, "_within_note", "_within_note")
    for text in texts[:20]:  # warm up: word lists, compiled patterns
        deid.deidentify(text)
    counter.clear()
    for _ in range(args.rounds):
        start = time.process_time()
        for text in texts:
            deid.deidentify(text)
        counter["TOTAL"] += time.process_time() - start
    n = len(texts) * args.rounds
    total = counter["TOTAL"]
    rows = {k: {"ms_per_note": round(1000 * v / n, 3), "share": round(v / total, 3)}
            for k, v in counter.most_common()}
    print(json.dumps({"sets": args.sets, "notes": len(texts), "rounds": args.rounds,
                      "notes_per_cpu_s": round(n / total, 1), "stages": rows}, indent=1))


if __name__ == "__main__":
    main()
