"""Two parts of the default de-identifier timed against a baseline, side by side (session 20).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_perf_parts_ab.py \
        --baseline-src /tmp/base20/src [--n 150] [--rounds 5]

Both versions are imported into this process (the baseline as the renamed copy ``meddx_base``,
as in ``bench/deid_cpu_compare.py``) and run, rounds interleaved, on the first ``--n`` notes of
the ``synth`` and ``round3`` sets of ``bench/deid_crf_identity.py`` (layout view applied):

* the case view (``_case_view._view``, given the spans of rules, names and places) of the notes
  as written, in lower case and in capitals; also counts the notes whose views differ;
* the crf's features of a word seen for the first time (``FeatureCache.entry`` on a fresh cache,
  every distinct word of those notes); also counts the words whose entries differ.

Medians of process time per note / per word, and their ratio. Prints counts only, never text.
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
from deid_crf_identity import load_texts  # noqa: E402


def _paired(runs: dict, rounds: int, per: int) -> dict:
    """Median process time (per item) of each of ``runs`` (name -> callable), interleaved."""
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            c0 = time.process_time()
            run()
            times[name].append((time.process_time() - c0) / per)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {**{k: round(v * 1e6, 2) for k, v in med.items()},
            "ratio": round(med["baseline"] / med["this checkout"], 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    _load_baseline(args.baseline_src, Path(tempfile.mkdtemp()))
    sys.path.insert(0, str(HERE))
    import meddx_base.deid._case_view as base_view
    import meddx_base.deid._crf_features as base_features

    import meddx.deid._case_view as new_view
    import meddx.deid._crf_features as new_features
    from meddx.deid import Deidentifier
    from meddx.deid._layout_view import layout_view

    notes = [layout_view(t) for s in ("synth", "round3") for t in load_texts(s)[:args.n]]
    deid = Deidentifier(detectors=["rules", "names", "places"])
    out: dict = {"notes": len(notes), "rounds": args.rounds, "view_us_per_note": {}}
    for case, change in (("as written", str), ("lower", str.lower), ("upper", str.upper)):
        texts = [change(t) for t in notes]
        found = [deid.detect(t) for t in texts]
        pairs = list(zip(texts, found, strict=True))
        differ = sum(base_view._view(t, f) != new_view._view(t, f) for t, f in pairs)
        row = _paired({"baseline": lambda p=pairs: [base_view._view(t, f) for t, f in p],
                       "this checkout": lambda p=pairs: [new_view._view(t, f) for t, f in p]},
                      args.rounds, len(pairs))
        out["view_us_per_note"][case] = {**row, "notes_differing": differ}
    crf = next(d for d in Deidentifier().detectors if d.name == "crf")
    words = sorted({w for t in notes for w in new_features.note_words(t)[0]})
    known = crf.cache.known

    def first_sight(module) -> list:
        cache = module.FeatureCache(known, as_bytes=True)
        return [cache.entry(w) for w in words]

    differ = sum(a != b for a, b in zip(first_sight(base_features), first_sight(new_features),
                                        strict=True))
    row = _paired({"baseline": lambda: first_sight(base_features),
                   "this checkout": lambda: first_sight(new_features)}, args.rounds, len(words))
    out["crf_first_sight_us_per_word"] = {**row, "words": len(words), "words_differing": differ}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
