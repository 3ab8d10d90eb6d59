"""Spans of the default detectors on the bundled Medical Abstracts (no PHI: every span is a
false positive), counted by label (deid_realstyle.span_counts), through the ``meddx deid``
file path.

    PYTHONPATH=src .venv/bin/python bench/deid_abstract_spans.py --out FILE.json [--n 2888] \
        [--case lower|upper]

``--case lower`` reads the abstracts typed all in lower case (session 14), ``upper`` in capitals.
``--model M.crfsuite`` runs the ``crf`` detector with that model, ``--threshold T`` with that
threshold (session 15, branch crf15; the same ``meddx deid`` path, one worker).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deid_realstyle as rs  # noqa: E402


@contextmanager
def crf_threshold(threshold: float | None) -> Iterator[None]:
    """Within the block, a ``crf`` detector built without a threshold gets ``threshold`` (run_deid
    builds its detectors in this process: one worker)."""
    if threshold is None:
        yield
        return
    from meddx.deid import CrfDetector

    defaults = CrfDetector.__init__.__kwdefaults__
    old = defaults["threshold"]
    defaults["threshold"] = threshold
    try:
        yield
    finally:
        defaults["threshold"] = old


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=None, help="first N abstracts (default: all)")
    ap.add_argument("--case", choices=("as-written", "lower", "upper"), default="as-written")
    ap.add_argument("--model", default=None, help="CRF model (default: the bundled one)")
    ap.add_argument("--threshold", type=float, default=None,
                    help="crf threshold (default: the detector's)")
    args = ap.parse_args()
    texts = rs.abstracts()[: args.n]
    if args.case != "as-written":
        texts = [t.lower() if args.case == "lower" else t.upper() for t in texts]
    config = {"crf_model": args.model} if args.model else {}
    with crf_threshold(args.threshold):
        preds, crashed = rs.run_deid(texts, config)
    out = {"case": args.case, **rs.span_counts(texts, preds, crashed)}
    if args.model or args.threshold is not None:
        out.update(model=Path(args.model).name if args.model else None, threshold=args.threshold)
    print(json.dumps(out))
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
