"""The CSV note reader (meddx.data.note_records, public) with its own streaming UTF-8 check (a
bad byte is named by row and column in one read) against pandas decoding the file itself and
turning each chunk into records (the reader before session 14, which read the whole file a second
time to name the row). The public reader also counts the lines once for its progress bar and
builds one (id, text, patient) record per row, so the ratio is an upper bound on the cost of the
check alone. Synthetic notes, no PHI. Rounds interleave the two readers so a busy machine hits
both alike.

    PYTHONPATH=$PWD/src .venv/bin/python bench/notes_read_speed.py --rows 100000 --rounds 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from meddx.data import note_records

WORDS = ("patient", "denies", "chest", "pain", "history", "of", "hypertension", "mg", "daily",
         "no", "fever", "cough", "caf\u00e9", "follow", "up", "in", "two", "weeks")


def write_notes(path: Path, rows: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,text\n")
        for i in range(rows):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 200)))
            fh.write(f'{i},"{words}, seen."\n')


def pandas_decodes(path: Path) -> int:
    n = 0
    with pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=2000, encoding="utf-8",
                     encoding_errors="strict") as reader:
        for chunk in reader:
            n += len(chunk.to_dict("records"))
    return n


def public_reader(path: Path) -> int:
    return sum(1 for _, record in note_records(path) if record is not None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.csv"
        write_notes(path, args.rows)
        size = path.stat().st_size / 1e6
        readers = {"pandas decodes": pandas_decodes, "note_records": public_reader}
        assert len({f(path) for f in readers.values()}) == 1  # warm-up, and the same rows
        times: dict[str, list[float]] = {name: [] for name in readers}
        for r in range(args.rounds):
            for name in (list(readers) if r % 2 == 0 else list(readers)[::-1]):
                start = time.perf_counter()
                readers[name](path)
                times[name].append(time.perf_counter() - start)
        ratios = [m / p for m, p in
                  zip(times["note_records"], times["pandas decodes"], strict=True)]
        print(f"{args.rows} rows, {size:.1f} MB, {args.rounds} interleaved rounds")
        for name, t in times.items():
            shown = ", ".join(f"{x:.2f}" for x in t)
            print(f"  {name:15s} median {statistics.median(t):.2f} s  ({shown})")
        print(f"  ratio note_records / pandas decodes: median {statistics.median(ratios):.3f} "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
