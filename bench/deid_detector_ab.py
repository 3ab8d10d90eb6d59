"""Each default detector of this checkout against a baseline's, paired in one process (session 21).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_detector_ab.py \
        --baseline-src /tmp/base20/src [--n 150] [--rounds 6] [--case lower|upper] [--set synth]

Both versions are imported into this process (the baseline as the renamed copy ``meddx_base``,
as in ``bench/deid_cpu_compare.py``). On the first ``--n`` notes of ``--set`` (the sets of
``bench/deid_crf_identity.py``, layout view applied, re-typed in ``--case``) each of the
``rules``, ``names`` and ``places`` detectors alone and the whole ``Deidentifier().detect`` are
timed, rounds interleaved (the order of the two versions alternates from round to round).
Median process time per note of each and the ratio baseline / this checkout (above 1: this
checkout is faster). Prints milliseconds only, never note text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_cpu_compare import HERE, _load_baseline  # noqa: E402
from deid_crf_identity import load_texts, recase  # noqa: E402


def _parts(deid) -> dict:
    by_name = {d.name: d for d in deid.detectors}
    parts = {name: by_name[name].detect for name in ("rules", "names", "places")}
    parts["Deidentifier.detect"] = deid.detect
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--case", choices=("as-written", "lower", "upper"), default="as-written")
    ap.add_argument("--set", default="synth")
    args = ap.parse_args()
    base = _parts(_load_baseline(args.baseline_src, Path(tempfile.mkdtemp()))())
    sys.path.insert(0, str(HERE))
    from meddx.deid import Deidentifier
    from meddx.deid._layout_view import layout_view

    new = _parts(Deidentifier())
    texts = [layout_view(t) for t in load_texts(args.set)[:args.n]]
    if args.case != "as-written":
        texts = [recase(t, args.case) for t in texts]
    for parts in (base, new):  # warm up: word lists, compiled patterns
        for run in parts.values():
            for text in texts[:20]:
                run(text)
    times = {k: {"baseline": [], "this checkout": []} for k in base}
    for r in range(args.rounds):
        for part in base:
            order = [("baseline", base), ("this checkout", new)]
            for who, parts in order if r % 2 == 0 else order[::-1]:
                run = parts[part]
                c0 = time.process_time()
                for text in texts:
                    run(text)
                times[part][who].append((time.process_time() - c0) / len(texts) * 1e3)
    out = {"set": args.set, "notes": len(texts), "case": args.case, "rounds": args.rounds,
           "baseline_src": str(args.baseline_src), "ms_per_note_median": {}}
    for part, got in times.items():
        med = {k: round(statistics.median(v), 3) for k, v in got.items()}
        out["ms_per_note_median"][part] = {**med, "ratio": round(med["baseline"] / med["this checkout"], 3)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
