"""Spans of the default detectors on the bundled Medical Abstracts (no PHI: every span is a
false positive), counted by label (deid_realstyle.span_counts), through the ``meddx deid``
file path.

    PYTHONPATH=src .venv/bin/python bench/deid_abstract_spans.py --out FILE.json [--n 2888] \
        [--case lower|upper]

``--case lower`` reads the abstracts typed all in lower case (session 14), ``upper`` in capitals.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deid_realstyle as rs  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=None, help="first N abstracts (default: all)")
    ap.add_argument("--case", choices=("as-written", "lower", "upper"), default="as-written")
    args = ap.parse_args()
    texts = rs.abstracts()[: args.n]
    if args.case != "as-written":
        texts = [t.lower() if args.case == "lower" else t.upper() for t in texts]
    preds, crashed = rs.run_deid(texts, {})
    out = {"case": args.case, **rs.span_counts(texts, preds, crashed)}
    print(json.dumps(out))
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
