"""NAME spans the de-identifier finds in the OHSUMED abstracts (no PHI expected), for two
versions side by side: a precision check of the name rules on text that holds no patients.

    git archive main src | tar -x -C /tmp/base          # the version to compare against
    OMP_NUM_THREADS=1 .venv/bin/python bench/deid_abstract_names.py /tmp/base/src src

Runs the default detectors of each ``src`` in a fresh process on the abstracts of
``../shared/data/ohsumed_23/ohsumed_single_23.jsonl`` (public abstracts, never committed), and
prints the count of NAME spans of each version and the spans found by only one of them, with a
little context (console only).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ohsumed_23" / "ohsumed_single_23.jsonl"
if not DATA.is_file():  # a worktree beside the main checkout
    DATA = ROOT.parents[1] / "shared" / "data" / "ohsumed_23" / "ohsumed_single_23.jsonl"

_CHILD = """
import json, sys
from meddx.deid import Deidentifier
d = Deidentifier()
out = []
with open(sys.argv[1], encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= int(sys.argv[2]):
            break
        t = json.loads(line)["text"]
        out += [[i, s.start, s.end, t[s.start:s.end], t[max(0, s.start - 40):s.end + 30]]
                for s in d.detect(t) if s.label == "NAME"]
print(json.dumps(out))
"""


def spans(src: str, data: Path, n: int) -> list[list]:
    env = {"PYTHONPATH": src, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", "PATH": ""}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(data), str(n)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("baseline_src")
    ap.add_argument("src")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--n", type=int, default=100_000, help="first N abstracts")
    args = ap.parse_args()
    for src in (args.baseline_src, args.src):  # a wrong path would import the installed meddx
        if not (Path(src) / "meddx").is_dir():
            ap.error(f"{src}: no meddx package here (pass a src folder, e.g. of a git archive)")
    base, new = spans(args.baseline_src, args.data, args.n), spans(args.src, args.data, args.n)
    key = {tuple(s[:3]) for s in base}, {tuple(s[:3]) for s in new}
    print(f"NAME spans: baseline {len(base)}, this version {len(new)}")
    for label, rows, other in (("only baseline", base, key[1]), ("only this", new, key[0])):
        for s in rows:
            if tuple(s[:3]) not in other:
                print(f"  {label:13s} {s[0]:5d} {s[3]!r:24s} ...{s[4]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
