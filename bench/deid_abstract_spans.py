"""Spans of the default detectors on the bundled Medical Abstracts (no PHI: every span is a
false positive), counted by label (deid_realstyle.span_counts), through the ``meddx deid``
file path.

    PYTHONPATH=src .venv/bin/python bench/deid_abstract_spans.py --out FILE.json [--n 2888] \
        [--case lower|upper]

``--case lower`` reads the abstracts typed all in lower case (session 14), ``upper`` in capitals.
``--model M.crfsuite`` runs the ``crf`` detector with that model, ``--threshold T`` with that
threshold (session 15, branch crf15; the same ``meddx deid`` path, one worker);
``--place-threshold`` and ``--low-places`` the crf's place settings (session 17, branch crf17).
The output also counts the spans on the abstracts the crf never trains on (``untrained``: the
odd rows whose text is no even row's; the even rows are its PHI-free training text).
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
from deid_crf_case import add_crf_flags, crf_settings  # noqa: E402


@contextmanager
def crf_defaults(settings: dict) -> Iterator[None]:
    """Within the block, a ``crf`` detector built without them gets ``settings`` (keyword
    arguments of ``CrfDetector``: threshold, place_threshold, low_places; run_deid builds its
    detectors in this process: one worker)."""
    if not settings:
        yield
        return
    from meddx.deid import CrfDetector

    defaults = CrfDetector.__init__.__kwdefaults__
    old = {k: defaults[k] for k in settings}
    defaults.update(settings)
    try:
        yield
    finally:
        defaults.update(old)


def crf_threshold(threshold: float | None):
    """:func:`crf_defaults` with a threshold only (session 15)."""
    return crf_defaults({} if threshold is None else {"threshold": threshold})


def untrained_rows(texts: list[str]) -> list[int]:
    """Indices of the abstracts the bundled crf never trains on: the odd rows whose text is no
    even row's (``deid_crf_data.abstract_texts("check")``; the even rows are its PHI-free
    training text)."""
    even = set(texts[0::2])
    return [i for i in range(1, len(texts), 2) if texts[i] not in even]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=None, help="first N abstracts (default: all)")
    ap.add_argument("--case", choices=("as-written", "lower", "upper"), default="as-written")
    ap.add_argument("--model", default=None, help="CRF model (default: the bundled one)")
    add_crf_flags(ap)
    args = ap.parse_args()
    texts = rs.abstracts()[: args.n]
    if args.case != "as-written":
        texts = [t.lower() if args.case == "lower" else t.upper() for t in texts]
    config = {"crf_model": args.model} if args.model else {}
    settings = crf_settings(args)
    with crf_defaults(settings):
        preds, crashed = rs.run_deid(texts, config)
    out = {"case": args.case, **rs.span_counts(texts, preds, crashed)}
    # the spans on the rows the crf never trains on (its training text is the even rows)
    odd = untrained_rows(rs.abstracts())
    odd = [i for i in odd if i < len(texts)]
    out["untrained"] = rs.span_counts([texts[i] for i in odd], [preds[i] for i in odd],
                                      [i for i in crashed if i in set(odd)])
    if args.model or settings:
        out.update(model=Path(args.model).name if args.model else None, **settings)
    print(json.dumps(out))
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
