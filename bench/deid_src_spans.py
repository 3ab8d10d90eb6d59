"""Do two ``src`` trees give the same de-identification, note by note? (session 28, branch lin28:
speed-only changes must not move a span.)

    git archive <base> src | tar -x -C /tmp/base28            # the version to compare against
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_src_spans.py \
        --baseline-src /tmp/base28/src [--src src] [--sets deid_dev,validation,readable,abstracts]

Each tree runs in its own Python process (``PYTHONPATH`` = that tree; no two versions share a
process), one after the other: the default ``Deidentifier().detect`` on each note, one note at
a time, and the redacted text (``Deidentifier.transform``, the default operator). Sets:

* ``deid_dev``: ``../shared/data/deid_dev/notes.jsonl`` as written, lower-cased and upper-cased;
* ``validation``: the validation sets pooled (``deid_writer_groups.VALIDATION``), three cases;
* ``readable``: every readable training group (``deid_writer_groups.READABLE``), three cases;
* ``abstracts``: the first 300 bundled Medical Abstracts, as written.

Compared per note: every span (start, end, label, source, score, propagate) and the redacted
text (its SHA-256). Prints, per set and case, the notes compared and how many differ; never a
note, a span or a note id (the validation sets' errors are never read). Exits 1 on any
difference. No lead-only or held-out set is read (``deid_writer_groups.groups``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SETS = ("deid_dev", "validation", "readable", "abstracts")
CASES = ("orig", "lower", "upper")
N_ABSTRACTS = 300


def _texts(name: str) -> list[str]:
    """The notes of one set, as written."""
    import deid_realstyle as rs
    from deid_writer_groups import READABLE, VALIDATION, groups, load_group

    if name == "abstracts":
        return rs.abstracts()[:N_ABSTRACTS]
    if name == "deid_dev":
        return [n["text"] for n in load_group([str(rs._shared_notes())])[0]]
    table = groups(str(HERE / "data" / "deid_round3" / "notes15c" / "fresh.jsonl"))
    keys = VALIDATION if name == "validation" else sorted(READABLE)
    return [n["text"] for k in keys for n in load_group(table[k])[0]]


def dump(sets: list[str], out: Path) -> None:
    """This process's ``meddx`` on ``sets``: per set and case, per note, its spans and the
    SHA-256 of its redacted text, written to ``out`` (JSON)."""
    from deid_case import transform

    import meddx
    from meddx.deid import Deidentifier

    deid, res = Deidentifier(), {"meddx": str(Path(meddx.__file__).resolve().parent)}
    for name in sets:
        base = _texts(name)
        for case in ("orig",) if name == "abstracts" else CASES:
            rows = []
            for text in (transform(t, case) for t in base):
                spans = deid.detect(text)
                red = deid.transform(text, spans)
                rows.append([[[s.start, s.end, s.label, s.source, s.score.hex(), s.propagate]
                              for s in spans], hashlib.sha256(red.encode("utf-8")).hexdigest()])
            res[f"{name}/{case}"] = rows
    out.write_text(json.dumps(res), encoding="utf-8")


def _run(src: Path, sets: list[str], out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--dump", str(out),
                    "--sets", ",".join(sets)], env=env, check=True)
    got = json.loads(out.read_text(encoding="utf-8"))
    if Path(got["meddx"]) != (src / "meddx").resolve():
        sys.exit(f"{src}: the child imported meddx from {got['meddx']}")
    return got


def compare(base: dict, new: dict) -> tuple[int, int, list[str]]:
    """Notes compared, notes that differ, and one line per set and case."""
    total = differ = 0
    lines = []
    for key in (k for k in base if k != "meddx"):
        a, b = base[key], new.get(key, [])
        n_diff = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
        total += len(a)
        differ += n_diff
        lines.append(f"{key:22s} notes {len(a):6d}  differ {n_diff}")
    return total, differ, lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-src", type=Path, help="src folder of the version to compare against")
    ap.add_argument("--src", type=Path, default=HERE.parent / "src")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = ap.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    if unknown := set(sets) - set(SETS):
        sys.exit(f"unknown sets: {sorted(unknown)} (known: {', '.join(SETS)})")
    if args.dump is not None:
        dump(sets, args.dump)
        return
    if args.baseline_src is None:
        ap.error("--baseline-src is required")
    with tempfile.TemporaryDirectory() as tmp:  # the dumps hold no text, only spans and hashes
        base = _run(args.baseline_src.resolve(), sets, Path(tmp) / "base.json")
        new = _run(args.src.resolve(), sets, Path(tmp) / "new.json")
    total, differ, lines = compare(base, new)
    print("\n".join(lines))
    print(f"notes compared {total}, notes that differ {differ}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
