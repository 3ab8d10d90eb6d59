"""False spans and missed PHI of the default detectors on TRAINING notes in capitals.

Prints, for each training note (upper-cased, or as written with ``--transform "as written"``;
``--only-caps``: only the notes already typed in capitals), the predicted spans that touch no
gold PHI ("FP", with the detector that found them) and the gold PHI left uncovered ("MISS"),
with a little context (session 19, deidcaps19). Refuses validation and held-out files: their
errors are never read (DEID.md).

    PYTHONPATH=$PWD/src .venv/bin/python bench/deid_caps_errors.py \\
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

#: parts of the paths of validation and held-out files: aggregates only, or never read
REFUSED = ("fresh", "heldout", "test.jsonl", "notes11", "12v", "13v", "14v", "15v", "15c",
           "16v", "16c", "17v", "18v", "19sv", "19sw")


def refused(path: Path) -> bool:
    """Whether ``path`` is a validation or held-out file, whose errors are not to be read."""
    return any(part in str(path) for part in REFUSED)


def shouted(text: str) -> bool:
    """Whether ``text`` is typed in capitals (over three upper-case letters per lower-case)."""
    return sum(c.isupper() for c in text) > 3 * sum(c.islower() for c in text)


def errors(text: str, gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str, str]],
           context: int = 30) -> list[str]:
    """One line per false span ("FP label source ...") and per missed gold PHI ("MISS label
    ..."), the span in [[ ]] with ``context`` characters either side, line breaks as "|"."""
    def show(a: int, b: int) -> str:
        return (text[max(0, a - context):a] + "[[" + text[a:b] + "]]"
                + text[b:b + context]).replace("\n", "|")

    spans = [(a, b, label) for a, b, label, _ in pred]
    out = [f"FP   {label:9s} {source:9s} {show(a, b)}" for a, b, label, source in pred
           if not overlaps((a, b, label), gold)]
    return out + [f"MISS {g[2]:9s} {show(g[0], g[1])}" for g in gold if not is_found(text, g, spans)]


def main() -> None:
    from meddx.deid import Deidentifier

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--transform", default="upper", choices=sorted(TRANSFORMS))
    ap.add_argument("--only-caps", action="store_true",
                    help="only the notes already typed in capitals")
    ap.add_argument("--context", type=int, default=30)
    args = ap.parse_args()
    if any(refused(f) for f in args.files):
        ap.error("a validation or held-out file: aggregates only (DEID.md)")
    rows = [r for r in data.notes(args.files) if not args.only_caps or shouted(r["text"])]
    texts = [TRANSFORMS[args.transform](r["text"]) for r in rows]
    n_fp = n_miss = 0
    for r, text, spans in zip(rows, texts, Deidentifier().detect_many(texts), strict=True):
        gold = [(p["start"], p["end"], p["type"]) for p in r["phi"]]
        lines = errors(text, gold, [(s.start, s.end, s.label, s.source) for s in spans],
                       args.context)
        n_fp += sum(x.startswith("FP") for x in lines)
        n_miss += sum(x.startswith("MISS") for x in lines)
        for x in lines:
            print(f"{r['id']} {x}")
    print(f"{len(rows)} notes: {n_fp} false spans, {n_miss} missed PHI")


if __name__ == "__main__":
    main()
