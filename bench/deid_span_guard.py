"""Guard for speed-only changes to the default de-id detectors: the spans must not move.

    python bench/deid_span_guard.py --write /tmp/deid_spans_ref.json   # before the change
    python bench/deid_span_guard.py --check /tmp/deid_spans_ref.json   # after each change

Dumps (start, end, label) of ``Deidentifier()`` (default detectors, redact, one note at a
time) and the full output lines of ``deid_file`` (one worker; text and spans) on four sets:
the real-style dev notes, ../shared/data/deid_dev, 300 synthetic notes (seed 4243) and the
first 1,000 bundled Medical Abstracts. The reference file holds PHI-like text of the dev
sets: keep it outside the repo.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _jsonl(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def _sets(shared: Path) -> dict[str, list[str]]:
    from meddx.deid import synth_notes

    csv.field_size_limit(1 << 24)
    with (ROOT / "src/meddx/data/demo/medical_abstracts.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        abstracts = [r["medical_abstract"] for _, r in zip(range(1000), rows, strict=False)]
    return {
        "realstyle_dev": _jsonl(ROOT / "bench/data/deid_realstyle/dev.jsonl"),
        "shared_deid_dev": _jsonl(shared),
        "synth_300": [r["text"] for r in synth_notes(300, 4243)],
        "abstracts_1000": abstracts,
    }


def dump(shared: Path) -> dict:
    from meddx.deid import Deidentifier, deid_file

    deid = Deidentifier()
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, texts in _sets(shared).items():
            spans = [[(s.start, s.end, s.label) for s in deid.detect(t)] for t in texts]
            src, dst = Path(tmp) / f"{name}.jsonl", Path(tmp) / f"{name}.out.jsonl"
            src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n"
                                   for i, t in enumerate(texts)), encoding="utf-8")
            deid_file(src, dst, workers=1, quiet=True)
            out[name] = {"deidentifier": spans,
                         "deid_file": dst.read_text(encoding="utf-8").splitlines()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", type=Path)
    g.add_argument("--check", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("../shared/data/deid_dev/notes.jsonl"),
                    help="the shared hand-written set (default: ../shared from the working "
                    "directory, as bench/deid_realstyle.py reads it)")
    args = ap.parse_args()
    now = json.loads(json.dumps(dump(args.shared)))
    if args.write:
        args.write.write_text(json.dumps(now), encoding="utf-8")
        print({k: sum(map(len, v["deidentifier"])) for k, v in now.items()})
        return
    ref = json.loads(args.check.read_text(encoding="utf-8"))
    bad = 0
    for name, kinds in ref.items():
        for kind, rows in kinds.items():
            diff = [i for i, (a, b) in enumerate(zip(rows, now[name][kind], strict=True)) if a != b]
            bad += len(diff)
            print(f"{name:16s} {kind:13s} rows={len(rows):5d} differing={len(diff)} {diff[:5]}")
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
