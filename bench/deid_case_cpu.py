"""Notes per CPU-second of two versions of the default de-identifier on notes typed all in lower
case (or ALL CAPS), side by side in one process (session 14, branch deidlower14).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_case_cpu.py \
        --baseline-src /tmp/base14/src --n 300 --rounds 5 --case lower --out FILE.json

The notes are ``synth_notes(n, seed)`` of this checkout, lower-cased (or upper-cased), so the
case view is built for every one; both versions run their default detectors (rules, names,
places, crf), rounds interleaved, process time (``bench/deid_cpu_compare.py``'s loader and
timer). Also reports how many notes get the same spans from both.
"""

from __future__ import annotations

import argparse
import json
import operator
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_cpu_compare import HERE, _cpu, _load_baseline  # noqa: E402


def _paired(versions: dict, texts: list[str], rounds: int) -> tuple[dict, dict]:
    """Notes per CPU-second of each version in each round (interleaved, after a warm-up note),
    and each version's spans of the last round."""
    for deid in versions.values():
        deid.deidentify(texts[0])  # word lists, compiled patterns
    rates: dict[str, list[float]] = {name: [] for name in versions}
    spans: dict[str, list] = {}
    for _ in range(rounds):
        for name, deid in versions.items():
            cpu, spans[name] = _cpu(deid, texts)
            rates[name].append(len(texts) / cpu)
    return rates, spans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=4243)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--case", choices=("lower", "upper"), default="lower")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    detectors = ["rules", "names", "places", "crf"]
    base = _load_baseline(args.baseline_src, Path(tempfile.mkdtemp()))(detectors=detectors)
    sys.path.insert(0, str(HERE))
    from meddx.deid import Deidentifier, synth_notes

    new = Deidentifier(detectors=detectors)
    fold = str.lower if args.case == "lower" else str.upper
    texts = [fold(r["text"]) for r in synth_notes(args.n, args.seed)]
    versions = {"baseline": base, "this checkout": new}
    rates, spans = _paired(versions, texts, args.rounds)
    result = {"n": len(texts), "seed": args.seed, "rounds": args.rounds, "case": args.case,
              "detectors": detectors, **_summary(rates, spans), "argv": sys.argv[1:]}
    text = json.dumps(result, indent=1)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")


def _summary(rates: dict[str, list[float]], spans: dict[str, list]) -> dict:
    """Medians, every round, the ratio of the medians and the notes with the same spans."""
    med = {name: round(statistics.median(r), 1) for name, r in rates.items()}
    return {"notes_per_cpu_s_median": med,
            "all_rounds": {name: [round(x, 1) for x in r] for name, r in rates.items()},
            "ratio": round(med["this checkout"] / med["baseline"], 2),
            "notes_with_identical_spans": sum(map(operator.eq, spans["baseline"],
                                                  spans["this checkout"]))}


if __name__ == "__main__":
    main()
