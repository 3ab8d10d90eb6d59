"""Crash fuzz of the default de-identifier (session 19, lead): Medical Abstracts sentences cut at
random word boundaries, each as written, lower-cased and upper-cased. A detector that raises
makes a whole note fail, so every exception is counted; only its type and the file and line
that raised are printed, never text. Every span must lie inside its text.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_crash_fuzz.py \
        --abstracts 600 --cuts 3 --seed 19
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import traceback


def fragments(texts: list[str], cuts: int, rng: random.Random) -> list[str]:
    """``cuts`` random runs of 3-39 words (with their blanks) from each text."""
    out = []
    for text in texts:
        words = re.split(r"(\s+)", text)
        for _ in range(cuts):
            a = rng.randrange(0, max(1, len(words) - 4))
            out.append("".join(words[a:min(len(words), a + rng.randrange(3, 40))]))
    return out


def fuzz(frags: list[str], detect) -> tuple[int, int, dict[tuple[str, str, int], int]]:
    """Run ``detect`` on each fragment as written, lower and upper: (runs, raised, places)."""
    runs = raised = 0
    places: dict[tuple[str, str, int], int] = {}
    for frag in frags:
        for f in (frag, frag.lower(), frag.upper()):
            runs += 1
            try:
                for s in detect(f):
                    if not 0 <= s.start < s.end <= len(f):
                        raise AssertionError("span outside its text")
            except Exception as e:  # noqa: BLE001 - every failure is a note lost
                tb = traceback.extract_tb(e.__traceback__)[-1]
                key = (type(e).__name__, tb.filename.rsplit("/", 1)[-1], tb.lineno)
                places[key] = places.get(key, 0) + 1
                raised += 1
    return runs, raised, places


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--abstracts", type=int, default=600, help="abstracts sampled")
    ap.add_argument("--cuts", type=int, default=3, help="fragments per abstract")
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args()
    from meddx.data import demo_path
    from meddx.deid import Deidentifier

    with open(demo_path(), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    col = next(c for c in rows[0] if "text" in c.lower() or "abstract" in c.lower())
    rng = random.Random(args.seed)
    texts = [r[col] for r in rng.sample(rows, min(args.abstracts, len(rows)))]
    runs, raised, places = fuzz(fragments(texts, args.cuts, rng), Deidentifier().detect)
    for (kind, file, line), n in sorted(places.items()):
        print(f"raised {kind} at {file}:{line} x{n}")
    print(f"{runs} fragments, {raised} raised, {len(places)} distinct places")


if __name__ == "__main__":
    main()
