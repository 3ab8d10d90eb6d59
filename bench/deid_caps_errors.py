"""False spans and missed PHI of the default detectors on TRAINING notes in capitals.

Prints, for each training note (upper-cased, or only those already typed in capitals), the
predicted spans that touch no gold PHI and the gold PHI left uncovered, with a little context
(session 19, deidcaps19). Refuses validation and held-out files: read errors only on sets you may
read (docs DEID rules).

    PYTHONPATH=$PWD/src .venv/bin/python bench/deid_caps_errors.py \
        bench/data/deid_round3/notes19u/dev.jsonl [--only-caps] [--transform upper]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deid_crf_data as data  # noqa: E402
from deid_crf_case import TRANSFORMS  # noqa: E402
from deid_realstyle import is_found, overlaps  # noqa: E402

_REFUSED = ("fresh", "heldout", "test.jsonl", "13v", "14v", "15v", "16v", "17v", "18v", "19sv",
            "19sw", "15c", "16c", "12v")


def main() -> None:
    from meddx.deid import Deidentifier

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--transform", default="upper", choices=sorted(TRANSFORMS))
    ap.add_argument("--only-caps", action="store_true",
                    help="only the notes already typed mostly in capitals")
    ap.add_argument("--context", type=int, default=30)
    args = ap.parse_args()
    for f in args.files:
        if any(k in str(f) for k in _REFUSED):
            ap.error("validation or held-out file: aggregates only")
    rows = data.notes(args.files)
    if args.only_caps:
        rows = [r for r in rows if sum(c.isupper() for c in r["text"])
                > 3 * sum(c.islower() for c in r["text"])]
    texts = [TRANSFORMS[args.transform](r["text"]) for r in rows]
    deid = Deidentifier()
    fp = miss = 0
    for r, text, spans in zip(rows, texts, deid.detect_many(texts), strict=True):
        gold = [(p["start"], p["end"], p["type"]) for p in r["phi"]]
        pred = [(s.start, s.end, s.label) for s in spans]
        src = {(s.start, s.end): s.source for s in spans}
        c = args.context

        def show(a: int, b: int) -> str:
            return (text[max(0, a - c):a] + "[[" + text[a:b] + "]]" + text[b:b + c]).replace("\n", "|")

        for p in pred:
            if not overlaps(p, gold):
                fp += 1
                print(f"FP   {r['id']} {p[2]:9s} {src[p[0], p[1]]:8s} {show(p[0], p[1])}")
        for g in gold:
            if not is_found(text, g, pred):
                miss += 1
                print(f"MISS {r['id']} {g[2]:9s} {show(g[0], g[1])}")
    print(f"{len(rows)} notes: {fp} false spans, {miss} missed PHI")


if __name__ == "__main__":
    main()
