"""Default detectors on the writer groups and the validation sets, aggregates only, with place
rule groups switched off one at a time (session 15, branch deidplace15).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_place_groups.py \
        [--groups A,B,C,D,E,val] [--off civic_loc,store] [--audit] [--cases as-written,lower] \
        [--out FILE.json]

Writer groups (training data): A ``notes12/dev``, B ``notes13/dev``, C ``notes14/dev``, D
``deid_realstyle/dev`` + ``../shared/data/deid_dev/``, E the older round-3 non-fresh files
(``dev*``, ``check``, ``blind``, ``final``, ``last``). ``val``: fresh10 + notes11 + notes12v pooled
(validation: aggregates only). ``n15c``: ``bench/data/deid_round3/notes15c/fresh.jsonl`` (validation).
``--off`` switches rule groups off by replacing their patterns with one that never matches, or
their function with one that finds nothing (no source change); ``--audit`` runs every group
of :data:`SWITCHES` off in turn after the default.
Only figures are printed: recall, precision, HOSPITAL and LOCATION recall, wrong spans, hard
negatives tagged. Never note text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402
from deid_realstyle import _shared_notes, negative_hits, score  # noqa: E402

ROUND3 = data.ROUND3
SHARED_DEV = _shared_notes()  # ../shared/data/deid_dev beside the repository
N15C = ROUND3 / "notes15c" / "fresh.jsonl"
_NEVER = re.compile(r"(?!x)x")
#: rule group -> (module, pattern attribute) whose pattern is replaced by one that never matches
#: (session 14's civic_hosp, chain_town and town_medical were switched off the same way, from
#: _civic_places._HOSPITAL_HEAD and _facility_tails._NAME_END/_TOWN_MEDICAL, before this branch
#: removed them)
SWITCHES = {
    "civic_loc": ("meddx.deid._civic_places", "_LOCATION_HEAD"),
    "kind": ("meddx.deid._facility_tails", "_KIND"),
    "store": ("meddx.deid._facility_tails", "_STORE"),
    "heads": ("meddx.deid._facility_tails", "_HEAD"),
    "prep_towns": ("meddx.deid._gazetteer_places", "_PREP"),
    "street_forms": ("meddx.deid._places", "street_form_spans"),
}


def _rows_with_negatives(path: Path, neg_path: Path | None) -> list[dict]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    negs: dict = {}
    if neg_path is not None and neg_path.is_file():
        negs = {r["id"]: r["negatives"] for r in
                (json.loads(x) for x in neg_path.read_text(encoding="utf-8").splitlines() if x.strip())}
    return [{**r, "negatives": negs.get(r["id"], [])} for r in rows]


def groups() -> dict[str, list[dict]]:
    older = [f for d in data.folders() if not d.name.startswith("notes") for f in data.dev_files(d)]
    fresh10 = sorted(p for p in ROUND3.glob("*/fresh.jsonl") if not p.parent.name.startswith("notes"))
    out = {
        "A": data.notes([ROUND3 / "notes12" / "dev.jsonl"]),
        "B": data.notes([ROUND3 / "notes13" / "dev.jsonl"]),
        "C": data.notes([ROUND3 / "notes14" / "dev.jsonl"]),
        "D": data.notes([data.REALSTYLE_DEV]) + (
            _rows_with_negatives(SHARED_DEV, SHARED_DEV.with_name("hard_negatives.jsonl"))
            if SHARED_DEV.is_file() else []),
        "E": data.notes(older),
        "val": data.notes([*fresh10, ROUND3 / "notes11" / "fresh.jsonl",
                           ROUND3 / "notes12v" / "fresh.jsonl"]),
    }
    if N15C.is_file():
        out["n15c"] = data.notes([N15C])
    return out


def switch_off(names: list[str]) -> dict:
    import importlib
    saved = {}
    for name in names:
        mod, attr = SWITCHES[name]
        m = importlib.import_module(mod)
        value = getattr(m, attr)
        saved[name] = (m, attr, value)
        setattr(m, attr, _NEVER if isinstance(value, re.Pattern) else _nothing)
    return saved


def _nothing(*_args, **_kwargs) -> list:
    return []


def restore(saved: dict) -> None:
    for m, attr, value in saved.values():
        setattr(m, attr, value)


def run(sets: dict[str, list[dict]], cases: list[str]) -> dict:
    from meddx.deid import Deidentifier

    deid = Deidentifier()
    out = {}
    for gname, rows in sets.items():
        gold = [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
        negs = [r.get("negatives", []) for r in rows]
        for case in cases:
            texts = [r["text"] if case == "as-written" else r["text"].lower() for r in rows]
            if case == "lower" and any(len(t) != len(r["text"]) for t, r in zip(texts, rows, strict=True)):
                texts = ["".join(c.lower() if len(c.lower()) == 1 else c for c in r["text"]) for r in rows]
            preds = [[(s.start, s.end, s.label) for s in spans] for spans in deid.detect_many(texts)]
            res = score(list(zip(texts, gold, preds, strict=True)))
            o, bt = res["overall"], res["by_type"]
            out[f"{gname}/{case}"] = {
                "n_notes": len(rows), "recall": o["recall"], "precision": o["precision"],
                "found": o["found"], "n_gold": o["n_gold"], "wrong": o["n_pred"] - o["right"],
                "HOSPITAL": bt.get("HOSPITAL", {}).get("recall"),
                "LOCATION": bt.get("LOCATION", {}).get("recall"),
                "hosp_found": bt.get("HOSPITAL", {}).get("found"),
                "loc_found": bt.get("LOCATION", {}).get("found"),
                "hard_negatives_tagged": sum(v["tagged"] for v in negative_hits(negs, preds).values())}
    return out


def _line(label: str, key: str, r: dict) -> str:
    return (f"{label:14s} {key:16s} R {r['recall']:.4f} P {r['precision']:.4f} "
            f"found {r['found']}/{r['n_gold']} wrong {r['wrong']} "
            f"HOSP {r['HOSPITAL'] or 0:.3f} ({r['hosp_found']}) "
            f"LOC {r['LOCATION'] or 0:.3f} ({r['loc_found']}) hn {r['hard_negatives_tagged']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="A,B,C,D,E,val")
    ap.add_argument("--off", default="")
    ap.add_argument("--audit", action="store_true")
    ap.add_argument("--cases", default="as-written,lower")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    allsets = groups()
    sets = {g: allsets[g] for g in args.groups.split(",") if g in allsets}
    cases = args.cases.split(",")
    variants = [[o for o in args.off.split(",") if o]]
    if args.audit:
        variants += [[name] for name in SWITCHES]
    result = {"argv": sys.argv[1:]}
    for off in variants:
        label = "off:" + "+".join(off) if off else "default"
        saved = switch_off(off)
        try:
            res = run(sets, cases)
        finally:
            restore(saved)
        result[label] = res
        for key, r in res.items():
            print(_line(label, key, r), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
