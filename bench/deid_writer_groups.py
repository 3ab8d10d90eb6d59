"""De-identification by writer group (session 15, branch deiddate15): the default detectors on the
training writer groups A-E and the validation sets, as written and in lower case, aggregates per
set (recall, precision, false positives, hard negatives tagged, recall per PHI type), and the
validation sets pooled. Individual errors are listed only for the groups named in ``--read``
(training groups only: a validation set is refused).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_writer_groups.py \
        --groups A,B,C,D,E,F,G,fresh10,notes11,notes12v,notes15c,notes16c [--variants orig,lower] \
        [--read B,C --types DATE,AGE,ID,PHONE,EMAIL,URL] [--notes15c FILE] [--out FILE.json]

Groups (DEID.md, session 15): A = notes12/dev, B = notes13/dev, C = notes14/dev, D = the
real-style dev split and ../shared/data/deid_dev, E = the older round-3 dev/check/blind/final/
last files; F = notes16/dev (session 16's training set); G = notes17/dev (session 17's);
H = notes18/dev and I = notes18b/dev (session 18's); J = notes19s/dev, K = notes19t/dev and L =
notes19u/dev (session 19's PHI-sparse ward and ICU notes); M = notes20s/dev and N = notes20t/dev
(session 20's PHI-sparse notes); O = notes21o/dev and P = notes21p/dev (session 21's); Q =
notes22q/dev and R = notes22r/dev (session 22's check groups); S, T, U, V = notes22s/t/u/v/dev
(session 22's training sets); W, X, Y = notes23w/x/y/dev (session 23's check groups, written
by writers who read no detector; aggregates only in session 23, readable and training data from
session 24); 24A, 24B, 24C = notes24a/b/c/dev (session 24's check groups, written by writers who
read no detector; aggregates only in session 24, readable and training data from session 25);
25A, 25B, 25C = notes25a/b/c/dev (session 25's check groups, written by writers who read no
detector; aggregates only in session 25, readable and training data from session 26); 26A, 26B,
26C = notes26a/b/c/dev (session 26's check groups, written by writers who read no detector;
aggregates only in session 26, readable and training data from session 27); 27A, 27B, 27C =
notes27a/b/c/dev (session 27's check groups, written by writers who read no detector;
aggregates only in session 27, readable and training data from session 28); 28A, 28B, 28C =
notes28a/b/c/dev (session 28's check groups, written by writers who read no detector;
aggregates only in session 28, readable and training data from session 29); 29A, 29B, 29C =
notes29a/b/c/dev (session 29's check groups, written by writers who read no detector;
aggregates only in session 29);
fresh10 = the round-3 fresh.jsonl files outside the notesNN sets; notes11, notes12v,
notes16c (session 16, validation);
notes15c (``--notes15c``, default its path in this checkout; a held-out or lead-only set's path is
refused with one error, session 16). The lead-only sets are never read.
``--model M.crfsuite``, ``--threshold``, ``--place-threshold`` and ``--low-places`` set the crf
detector (session 17, branch crf17; as ``bench/deid_crf_case.py``).
Scoring is ``bench/deid_realstyle.py``'s; hard negatives come from ``<stem>_hard_negatives.jsonl``.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_case import load, transform  # noqa: E402
from deid_crf_case import add_crf_flags, set_crf  # noqa: E402
from deid_realstyle import _shared_notes, gold_type, is_found, negative_hits, overlaps, score  # noqa: E402

_ROOT = Path(__file__).resolve().parent / "data"
_R3 = _ROOT / "deid_round3"
VALIDATION = ("fresh10", "notes11", "notes12v", "notes15c", "notes16c")
#: folders that hold held-out or lead-only notes: never scored here, whatever path names them
#: groups whose errors may be listed (training groups); 29A-29C are session 29's check groups
READABLE = frozenset([*"ABCDEFGHIJKLMNOPQRSTUVWXY", "24A", "24B", "24C", "25A", "25B", "25C",
                      "26A", "26B", "26C", "27A", "27B", "27C", "28A", "28B", "28C"])
LEAD_ONLY = ("notes13v", "notes14v", "notes15v", "notes16v", "notes17v", "notes18v",
             "notes19sv", "notes19sw", "notes20sv", "notes21sv", "notes22sv")


def refuse_lead_only(option: str, path: str) -> None:
    """Exit with one line when ``path`` (as given, or the file a link points to) is a held-out
    set (``deid_heldout*/``, ``deid_realstyle/test.jsonl``) or a lead-only set."""
    for candidate in (Path(path), Path(path).resolve()):
        parts = candidate.parts
        if (any(part.startswith("deid_heldout") or part in LEAD_ONLY for part in parts)
                or parts[-2:] == ("deid_realstyle", "test.jsonl")):
            sys.exit(f"{option} {path}: a held-out or lead-only set, never scored here; give "
                     "a validation set's path (notes15c, notes16c)")


def groups(notes15c: str) -> dict[str, list[str]]:
    older = [p for p in sorted(glob.glob(str(_R3 / "deid*" / "*.jsonl")))
             if "hard_neg" not in p and "fresh" not in p]
    return {"A": [str(_R3 / "notes12" / "dev.jsonl")], "B": [str(_R3 / "notes13" / "dev.jsonl")],
            "C": [str(_R3 / "notes14" / "dev.jsonl")],
            "D": [str(_ROOT / "deid_realstyle" / "dev.jsonl"),
                  str(_shared_notes())],
            "E": older, "fresh10": sorted(glob.glob(str(_R3 / "deid*" / "fresh.jsonl"))),
            "notes11": [str(_R3 / "notes11" / "fresh.jsonl")],
            "notes12v": [str(_R3 / "notes12v" / "fresh.jsonl")], "notes15c": [notes15c],
            "F": [str(_R3 / "notes16" / "dev.jsonl")],
            "G": [str(_R3 / "notes17" / "dev.jsonl")],
            "H": [str(_R3 / "notes18" / "dev.jsonl")],
            "I": [str(_R3 / "notes18b" / "dev.jsonl")],
            "J": [str(_R3 / "notes19s" / "dev.jsonl")],
            "K": [str(_R3 / "notes19t" / "dev.jsonl")],
            "L": [str(_R3 / "notes19u" / "dev.jsonl")],
            "M": [str(_R3 / "notes20s" / "dev.jsonl")],
            "N": [str(_R3 / "notes20t" / "dev.jsonl")],
            "O": [str(_R3 / "notes21o" / "dev.jsonl")],
            "P": [str(_R3 / "notes21p" / "dev.jsonl")],
            "Q": [str(_R3 / "notes22q" / "dev.jsonl")],
            "R": [str(_R3 / "notes22r" / "dev.jsonl")],
            **{g: [str(_R3 / f"notes22{g.lower()}" / "dev.jsonl")] for g in "STUV"},
            **{g: [str(_R3 / f"notes23{g.lower()}" / "dev.jsonl")] for g in "WXY"},
            **{f"24{g}": [str(_R3 / f"notes24{g.lower()}" / "dev.jsonl")] for g in "ABC"},
            **{f"25{g}": [str(_R3 / f"notes25{g.lower()}" / "dev.jsonl")] for g in "ABC"},
            **{f"26{g}": [str(_R3 / f"notes26{g.lower()}" / "dev.jsonl")] for g in "ABC"},
            **{f"27{g}": [str(_R3 / f"notes27{g.lower()}" / "dev.jsonl")] for g in "ABC"},
            **{f"28{g}": [str(_R3 / f"notes28{g.lower()}" / "dev.jsonl")] for g in "ABC"},
            **{f"29{g}": [str(_R3 / f"notes29{g.lower()}" / "dev.jsonl")] for g in "ABC"},
            "notes16c": [str(_R3 / "notes16c" / "fresh.jsonl")]}


def load_group(paths: list[str]) -> tuple[list[dict], list[list[dict]]]:
    """The notes of ``paths`` and their hard negatives (an empty list where a file has none)."""
    notes: list[dict] = []
    negs: list[list[dict]] = []
    for path in paths:
        rows, hn = load(path)
        notes += rows
        negs += hn if hn is not None else [[] for _ in rows]
    return notes, negs


def _errors(notes, texts, gold, preds, types: set[str]) -> None:
    for n, t, g, p in zip(notes, texts, gold, preds, strict=True):
        for s in g:
            if gold_type(s[2]) in types and not is_found(t, s, p):
                print(f"  MISS {n['id']} {s[2]:6s} {t[s[0]:s[1]]!r} ...{t[max(0, s[0] - 40):s[1] + 25]!r}")
        for s in p:
            if gold_type(s[2]) in types and not overlaps(s, g):
                print(f"  FP   {n['id']} {s[2]:6s} {t[s[0]:s[1]]!r} ...{t[max(0, s[0] - 35):s[1] + 30]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--groups", default="A,B,C,D,E,fresh10,notes11,notes12v")
    ap.add_argument("--variants", default="orig,lower",
                    help="comma-separated: orig (as written), lower, upper")
    ap.add_argument("--read", default="", help="training groups whose errors are listed")
    ap.add_argument("--types", default="DATE,AGE,ID,PHONE,EMAIL,URL")
    ap.add_argument("--notes15c", default=str(_R3 / "notes15c" / "fresh.jsonl"))
    ap.add_argument("--out", type=Path)
    ap.add_argument("--model", default=None, help="CRF model (default: the bundled one)")
    add_crf_flags(ap)
    args = ap.parse_args()
    refuse_lead_only("--notes15c", args.notes15c)
    read = {g for g in args.read.split(",") if g}
    if read & set(VALIDATION) or not read <= READABLE:
        sys.exit("--read names training groups A-Y, 24A-28C only")
    from meddx.deid import Deidentifier

    deid = Deidentifier(crf_model=args.model)
    sets, types = groups(args.notes15c), set(args.types.split(","))
    set_crf(deid, args)
    result: dict = {}
    pooled: dict[str, list] = {}
    for name in args.groups.split(","):
        notes, negs = load_group(sets[name])
        for variant in args.variants.split(","):
            texts = [transform(n["text"], variant) for n in notes]
            gold = [[(p["start"], p["end"], p["type"]) for p in n["phi"]] for n in notes]
            preds = [[(s.start, s.end, s.label) for s in spans] for spans in deid.detect_many(texts)]
            res = score(list(zip(texts, gold, preds, strict=True)))
            o, tagged = res["overall"], sum(v["tagged"] for v in negative_hits(negs, preds).values())
            result[f"{name}/{variant}"] = {"overall": o, "by_type": res["by_type"],
                                           "hard_negatives_tagged": tagged}
            if name in VALIDATION:
                pooled.setdefault(variant, []).extend(zip(texts, gold, preds, strict=True))
            by_type = "  ".join(f"{t} {r['found']}/{r['n_gold']} fp{r['n_pred'] - r['right']}"
                                for t, r in res["by_type"].items() if t in types)
            print(f"{name:8s} {variant:5s} R {o['recall']:.4f} P {o['precision']:.4f} "
                  f"FP {o['n_pred'] - o['right']} negs {tagged} | {by_type}", flush=True)
            if name in read:
                _errors(notes, texts, gold, preds, types)
    for variant, docs in pooled.items():
        o = score(docs)["overall"]
        result[f"pooled/{variant}"] = o
        print(f"POOLED   {variant:5s} R {o['recall']:.4f} P {o['precision']:.4f} "
              f"({o['found']}/{o['n_gold']} found, {o['right']}/{o['n_pred']} right)")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
