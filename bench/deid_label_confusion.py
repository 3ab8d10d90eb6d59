"""Label-aware figures of the default detectors on the note sets a de-id engineer may read:
typed recall (issue-14 "found" by predictions of the same mapped type alone) and the gold type x
predicted type confusion, counts only (``score()`` of bench/deid_realstyle.py; no note text is
printed or written).

    PYTHONPATH=src python bench/deid_label_confusion.py --out /tmp/typed.json

Sets: realstyle-dev, the shared set (``--shared``) and every ``bench/data/deid_round3/*/dev.jsonl``
(never their fresh, check or blind files, nor any held-out or test split), plus all round-3 dev
notes pooled.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _scorer():
    spec = importlib.util.spec_from_file_location("deid_realstyle", ROOT / "bench" / "deid_realstyle.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None, help="default: as bench/deid_realstyle.py")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rs = _scorer()
    shared = args.shared or rs._shared_notes()
    from meddx.deid import Deidentifier

    deid = Deidentifier()
    sets = {"realstyle-dev": ROOT / "bench" / "data" / "deid_realstyle" / "dev.jsonl", "shared": shared}
    for path in sorted((ROOT / "bench" / "data" / "deid_round3").glob("*/dev.jsonl")):
        sets[f"round3-{path.parent.name}"] = path
    out: dict = {}
    pooled: list = []
    for name, path in sets.items():
        if not path.is_file():
            print(f"skipping {name}: {path} not found")
            continue
        docs = []
        for note in rs.load_set(path):
            gold = [(p["start"], p["end"], p["type"]) for p in note["phi"]]
            docs.append((note["text"], gold, [(s.start, s.end, s.label) for s in deid.detect(note["text"])]))
        pooled += docs if name.startswith("round3-") else []
        out[name] = rs.score(docs)
    out["round3-all-dev"] = rs.score(pooled)
    for name, res in out.items():
        o = res["overall"]
        wrong = {g: {p: n for p, n in row.items() if p not in (g, "none")}
                 for g, row in res["confusion"].items()}
        print(f"{name:22s} recall {o['recall']:.3f} typed {o['typed_recall']:.3f} ({o['n_gold']} gold) "
              f"wrong type: {({g: r for g, r in wrong.items() if r})}")
    if args.out:
        args.out.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
