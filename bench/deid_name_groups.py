"""Aggregates of the default de-identifier on the five writer groups of the training data
(session 15's rule for rule branches: read errors on at most two groups, check on the others).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_name_groups.py [--groups A,B,E]

Groups (development notes only; no fresh, validation or held-out file is read):
A ``notes12/dev.jsonl``, B ``notes13/dev.jsonl``, C ``notes14/dev.jsonl``, D
``bench/data/deid_realstyle/dev.jsonl`` + ``../shared/data/deid_dev/notes.jsonl``, E every
other non-fresh file of ``bench/data/deid_round3/*/`` (``dev*``, ``check``, ``blind``, ``final``,
``last``). Per group, as written and in lower case: recall, precision, NAME recall (found / gold),
NAME spans that overlap no gold PHI, all wrong spans and hard negatives tagged. Figures only,
never note text. For a before/after, run it once with ``PYTHONPATH`` at the baseline's ``src``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402
from deid_crf_case import TRANSFORMS  # noqa: E402
from deid_realstyle import _shared_notes, negative_hits, score  # noqa: E402

ROUND3 = data.ROUND3
SHARED_DEV = _shared_notes()  # ../shared/data/deid_dev beside the repository
_NAMED = {"notes12", "notes13", "notes14"}


def groups() -> dict[str, list[Path]]:
    other = sorted(p for p in ROUND3.glob("*/*.jsonl")
                   if p.parent.name not in _NAMED and not p.parent.name.startswith("notes")
                   and "fresh" not in p.name and "negatives" not in p.name)
    return {"A": [ROUND3 / "notes12" / "dev.jsonl"], "B": [ROUND3 / "notes13" / "dev.jsonl"],
            "C": [ROUND3 / "notes14" / "dev.jsonl"],
            "D": [data.ROOT / "bench" / "data" / "deid_realstyle" / "dev.jsonl"]
            + ([SHARED_DEV] if SHARED_DEV.is_file() else []),
            "E": other}


def main() -> None:
    from meddx.deid import Deidentifier

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="A,B,C,D,E")
    args = ap.parse_args()
    deid = Deidentifier()
    sets = groups()
    for name in args.groups.split(","):
        rows = data.notes(sets[name])
        gold = [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
        negs = [r.get("negatives", []) for r in rows]
        for case in ("as written", "lower"):
            texts = [TRANSFORMS[case](r["text"]) for r in rows]
            preds = [[(s.start, s.end, s.label) for s in spans] for spans in deid.detect_many(texts)]
            res = score(list(zip(texts, gold, preds, strict=True)))
            o, nm = res["overall"], res["by_type"].get("NAME", {})
            name_fp = sum(1 for g, p in zip(gold, preds, strict=True) for s in p
                          if s[2] == "NAME" and not any(s[0] < e and b < s[1] for b, e, _ in g))
            hard = sum(v["tagged"] for v in negative_hits(negs, preds).values())
            print(f"{name} {case:10s} n={len(rows)} R {o['recall']:.4f} P {o['precision']:.4f} "
                  f"NAME R {nm.get('recall') or 0:.4f} ({nm.get('found')}/{nm.get('n_gold')}) "
                  f"NAME-FP {name_fp} wrong {o['n_pred'] - o['right']} hardneg {hard}", flush=True)


if __name__ == "__main__":
    main()
