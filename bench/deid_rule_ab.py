"""Two rule modules of the default de-identifier against a baseline's, output and CPU (session 21).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_rule_ab.py \
        --baseline-src /tmp/base21/src [--sets synth,abstracts,round3] [--rounds 3]

``_relative_names.relative_names`` (names detector) and ``_referral_places.referral_place_spans``
(places detector, with no places found before it) of this checkout and of the baseline's copy of
the same two files (loaded beside this checkout's other modules, which they import), on the notes
of ``--sets`` (the sets of ``bench/deid_crf_identity.py``, layout view applied) as written, in
lower case and in capitals. Reports the texts whose output differs (must be 0) and, rounds
interleaved, the median process time per note of each version (tokens warm: the places detector
reads the note's cached tokens). Prints counts and times only, never note text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_crf_identity import load_texts, recase  # noqa: E402

MODULES = ("_relative_names", "_referral_places")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _runner(module, name: str, lex):
    if name == "_relative_names":
        return lambda text, low: module.relative_names(text, low, lex)
    return lambda text, low: [(s.start, s.end, s.label) for s in
                              module.referral_place_spans(text, lex, [])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--sets", default="synth,abstracts,round3")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    import meddx.deid as current
    from meddx.deid._layout_view import layout_view
    from meddx.deid._lexicon import lexicon
    from meddx.deid._tokens import tokenize

    lex = lexicon()
    here = Path(current.__file__).resolve().parent
    out: dict = {"baseline_src": str(args.baseline_src), "rounds": args.rounds, "results": []}
    for set_name in args.sets.split(","):
        written = [layout_view(t) for t in load_texts(set_name)]
        for case in ("as-written", "lower", "upper"):
            texts = written if case == "as-written" else [recase(t, case) for t in written]
            lows = [t.lower() for t in texts]
            for name in MODULES:
                base = _runner(_load(f"base{name}", args.baseline_src / "meddx" / "deid" / f"{name}.py"),
                               name, lex)
                new = _runner(_load(f"new{name}", here / f"{name}.py"), name, lex)
                differ = found = 0
                times: dict[str, list[float]] = {"baseline": [], "this checkout": []}
                for r in range(args.rounds):
                    order = [("baseline", base), ("this checkout", new)]
                    got = {}
                    for who, run in order if r % 2 == 0 else order[::-1]:
                        spent = 0.0
                        got[who] = []
                        for text, low in zip(texts, lows, strict=True):
                            tokenize(text)  # the note's tokens, cached as in the detector
                            c0 = time.process_time()
                            got[who].append(run(text, low))
                            spent += time.process_time() - c0
                        times[who].append(spent / len(texts) * 1e6)
                    if r == 0:
                        differ = sum(a != b for a, b in zip(got["baseline"], got["this checkout"],
                                                            strict=True))
                        found = sum(map(bool, got["this checkout"]))
                med = {k: round(statistics.median(v), 1) for k, v in times.items()}
                out["results"].append({
                    "set": set_name, "case": case, "module": name, "notes": len(texts),
                    "notes_with_output": found, "notes_differing": differ,
                    "us_per_note_median": med,
                    "ratio": round(med["baseline"] / max(med["this checkout"], 1e-9), 2)})
                print(json.dumps(out["results"][-1]), flush=True)
    if any(r["notes_differing"] for r in out["results"]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
