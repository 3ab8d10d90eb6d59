"""Notes per CPU-second of two versions of the de-identifier, side by side in one process.

    git archive c150cab src | tar -x -C /tmp/deid_base      # the version to compare against
    python bench/deid_cpu_compare.py --baseline-src /tmp/deid_base/src --n 300 \
        --rounds 3 --out bench/results/deid-cpu-compare.json [--case lower]

Both versions are imported into this process (the baseline as a renamed copy,
``meddx_base``, then this checkout's ``src``), run on the same synthetic notes
(``synth_notes(n, seed)`` of this checkout, ~1 KB each) in redact mode with rules +
dictionaries (this checkout: ``--detectors``, by default its own default detectors, so ``crf``
since session 11; the baseline: ``--baseline-detectors``, by default rules,names,places),
rounds interleaved. Process time, not wall
time, is measured, so other jobs on a shared machine disturb the ratio little. Also reports
how many notes get the same spans from both (they differ where the rules changed).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "src"
DETECTORS = ["rules", "names", "places"]


def _load_baseline(src: Path, tmp: Path):
    """``Deidentifier`` of the ``meddx`` in ``src``, imported as package ``meddx_base`` (a
    renamed copy), so both versions live in this process without sharing any module."""
    dest = tmp / "meddx_base"
    shutil.copytree(src / "meddx", dest)
    for py in dest.rglob("*.py"):
        py.write_text(re.sub(r"\bmeddx(?=[.\s\"'])", "meddx_base", py.read_text()))
    sys.path.insert(0, str(tmp))
    import meddx_base.deid

    return meddx_base.deid.Deidentifier


def _cpu(deid, texts: list[str]) -> tuple[float, list]:
    c0 = time.process_time()
    spans = [[(s.start, s.end, s.label) for s in deid.deidentify(t).spans] for t in texts]
    return time.process_time() - c0, spans


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=4243)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--detectors", default=None,
                    help="detectors of this checkout (default: its DEFAULT_DETECTORS; the "
                         "baseline runs --baseline-detectors)")
    ap.add_argument("--baseline-detectors", default=",".join(DETECTORS),
                    help="detectors of the baseline (default: rules,names,places; "
                         "rules,names,places,crf for a like-for-like ratio of the default)")
    ap.add_argument("--case", choices=("as-written", "lower"), default="as-written",
                    help="lower: the notes typed all in lower case, where the case view works "
                         "(session 15)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    base_detectors = args.baseline_detectors.split(",")
    base = _load_baseline(args.baseline_src, tmp)(detectors=base_detectors)
    sys.path.insert(0, str(HERE))
    from meddx.deid import DEFAULT_DETECTORS, Deidentifier, synth_notes

    if not Path(sys.modules["meddx"].__file__).is_relative_to(HERE):
        raise SystemExit(f"meddx imported from {sys.modules['meddx'].__file__}, not {HERE}")

    detectors = args.detectors.split(",") if args.detectors else list(DEFAULT_DETECTORS)
    new = Deidentifier(detectors=detectors)
    texts = [r["text"] for r in synth_notes(args.n, args.seed)]
    if args.case == "lower":
        texts = ["".join(c.lower() if len(c.lower()) == 1 else c for c in t) for t in texts]
    for d in (base, new):  # warm up: word lists, compiled patterns
        d.deidentify(texts[0])
    rates: dict[str, list[float]] = {"baseline": [], "this checkout": []}
    spans = {}
    for _ in range(args.rounds):
        for name, d in (("baseline", base), ("this checkout", new)):
            cpu, spans[name] = _cpu(d, texts)
            rates[name].append(len(texts) / cpu)
    med = {k: round(statistics.median(v), 1) for k, v in rates.items()}
    same = sum(a == b for a, b in zip(spans["baseline"], spans["this checkout"], strict=True))
    result = {"n": len(texts), "seed": args.seed, "rounds": args.rounds, "detectors": detectors,
              "baseline_detectors": base_detectors,
              "note_chars_mean": round(statistics.mean(len(t) for t in texts)),
              "notes_per_cpu_s_median": med,
              "all_rounds": {k: [round(x, 1) for x in v] for k, v in rates.items()},
              "ratio": round(med["this checkout"] / med["baseline"], 2),
              "notes_with_identical_spans": same, "argv": sys.argv[1:]}
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
