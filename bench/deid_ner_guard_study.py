"""Why does ``ner`` add false positives? Its spans that no other detector confirms (session 13,
branch deidner13), on sets whose errors may be read, and guard variants on aggregates.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_ner_guard_study.py \
        --ner-model DIR study [--abstracts 0:300] [--dev]      # prints ner-only spans (readable sets)
    ... --ner-model DIR variants [--sets fresh10,notes11,notes12v]  # aggregates only

``study`` lists each ner span that no rule/names/places/crf span overlaps, with its label, mean
tag probability and whether it overlaps gold, on the Medical Abstracts (no PHI: every span is
false) and the development notes ``/work/shared/data/deid_dev/notes.jsonl`` (never trained on,
errors may be read) and the round-3 training notes (``--train``). ``variants`` scores
default+ner with each guard setting of :data:`VARIANTS` (aggregates only: recall, precision,
spans on abstracts, ner-only spans kept); validation notes' errors are never printed.
The ner detector's spans are computed once per text and cached in ``/tmp``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_realstyle as rs  # noqa: E402
from deid_ner_fresh import SETS, fresh_notes  # noqa: E402

DEV = Path("/work/shared/data/deid_dev/notes.jsonl")


class CachedNer:
    """The ner detector of ``deid``, its spans per text kept in a pickle in /tmp."""

    def __init__(self, det, model: Path) -> None:
        self.det = det
        key = hashlib.sha1(str(model.resolve()).encode()).hexdigest()[:10]
        self.file = Path(f"/tmp/ner13_cache_{key}.pkl")
        self.cache = pickle.loads(self.file.read_bytes()) if self.file.is_file() else {}

    def detect_many(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            for t, spans in zip(todo, self.det.detect_many(todo), strict=True):
                self.cache[t] = spans
            self.file.write_bytes(pickle.dumps(self.cache))
        return [list(self.cache[t]) for t in texts]

    def __getattr__(self, name):
        return getattr(self.det, name)


def deidentifier(model: Path):
    from meddx.deid import DEFAULT_DETECTORS, Deidentifier

    deid = Deidentifier(detectors=[*DEFAULT_DETECTORS, "ner"], ner_model=str(model))
    deid.detectors = [CachedNer(d, model) if d.name == "ner" else d for d in deid.detectors]
    return deid


def raw_spans(deid, texts):
    """Per text: (other detectors' spans, ner spans), before any merge."""
    from meddx.deid import layout_view
    from meddx.deid._case_view import case_view_spans

    views = [layout_view(t) for t in texts]
    ner = next(d for d in deid.detectors if d.name == "ner").detect_many(views)
    out = []
    for view, nspans in zip(views, ner, strict=True):
        acc = []
        for d in deid.detectors:
            if d.name != "ner":
                acc.extend(d.detect(view))
        acc.extend(case_view_spans(view, [d for d in deid.detectors if d.name != "ner"], acc))
        out.append((view, acc, nspans))
    return out


def study(args) -> None:
    deid = deidentifier(args.ner_model)
    groups = []
    a, b = (int(x) for x in args.abstracts.split(":"))
    groups.append(("abstracts", [{"text": t, "phi": []} for t in rs.abstracts()[a:b]]))
    if args.dev:
        groups.append(("deid_dev", rs.load_set(DEV)))
    for f in args.readable:  # development notes the bundled adapter never saw (notes13/dev)
        groups.append((f.parent.name, rs.load_set(f)))
    if args.train:
        meta = json.loads((args.ner_model / "meddx_ner.json").read_text())
        rows = [r for f in meta["train"]["extra_train"] for r in rs.load_set(ROOT / f)]
        groups.append(("train", rows))
    for gname, rows in groups:
        stats: dict = {}
        for row, (view, others, nspans) in zip(rows, raw_spans(deid, [r["text"] for r in rows]),
                                               strict=True):
            gold = [(p["start"], p["end"]) for p in row["phi"]]
            for s in nspans:
                confirmed = any(o.start < s.end and s.start < o.end for o in others)
                true = any(g0 < s.end and s.start < g1 for g0, g1 in gold)
                k = (s.label, confirmed, true)
                stats[k] = stats.get(k, 0) + 1
                if not confirmed and (args.show_true or not true):
                    ctx = view[max(0, s.start - 40):s.start] + "[[" + view[s.start:s.end] + "]]" + \
                        view[s.end:s.end + 30]
                    print(f"{gname} {'TP' if true else 'FP'} {s.label:9s} {s.score:.3f} "
                          f"{ctx!r}")
        print(f"\n{gname}: (label, confirmed, true) -> count")
        for k in sorted(stats):
            print(f"  {k}: {stats[k]}")


def title_case(value: str) -> bool:
    """Every word of ``value`` starts with a capital as written, and it holds a small letter
    (so a note typed in capitals gives no cue): "Da Nang", "Merrowfield", not "DOT", "edge"."""
    words = [w for w in re.findall(r"[^\W\d_]+", value)]
    return bool(words) and all(w[0].isupper() for w in words) and any(c.islower() for c in value)


def _variant(min_score: dict, dates: bool, cued: dict | None = None):
    """``confirm_ner`` with other floors, with or without the DATE and clock-range rules;
    ``cued``: lower floors per label for a span in title case as written (:func:`title_case`)."""
    import meddx.deid._ner_confirm as nc

    guard = nc.unconfirmed_ok

    def ok(text, span, _floors=None):
        floor = min_score.get(span.label, min_score.get("*", 0.0))
        if cued and span.label in cued and title_case(text[span.start:span.end]):
            floor = min(floor, cued[span.label])
        if span.score < floor:
            return False
        return not dates or guard(text, span, {"*": 0.0})

    def confirm(text, spans):
        nc.unconfirmed_ok = ok
        try:
            return nc.confirm_ner(text, spans)
        finally:
            nc.unconfirmed_ok = guard
    return confirm


#: Guard variants: (floors per label, "*" for the others; DATE/clock rules on).
VARIANTS = {
    "none": ({}, False),
    "dates": ({}, True),
    "floors": ({"NAME": 0.7, "*": 0.5}, False),
    "guard": ({"NAME": 0.7, "*": 0.5}, True),
    "guard-n6": ({"NAME": 0.6, "*": 0.5}, True),
    "guard-n8": ({"NAME": 0.8, "*": 0.5}, True),
    "guard-o4": ({"NAME": 0.7, "*": 0.4}, True),
    "guard-o6": ({"NAME": 0.7, "*": 0.6}, True),
    "drop-all": ({"*": 2.0}, False),
    # session 14 (deidner14): a second cue, title case as written, lowers the floor
    "off": ({}, False),
    "cue": ({"NAME": 0.7, "*": 0.6}, True, {"NAME": 0.5, "HOSPITAL": 0.3, "LOCATION": 0.3}),
    "cue-mid": ({"NAME": 0.7, "*": 0.6}, True, {"NAME": 0.55, "HOSPITAL": 0.4, "LOCATION": 0.4}),
    "cue-name": ({"NAME": 0.7, "*": 0.6}, True, {"NAME": 0.5}),
    "floors-low": ({"NAME": 0.6, "*": 0.5}, True),
}


def variants(args) -> None:
    from deid_realstyle import score

    import meddx.deid._deidentifier as dd

    deid = deidentifier(args.ner_model)
    sets = {}
    for name in args.sets.split(","):
        if name == "abstracts":
            sets[name] = [{"text": t, "phi": []} for t in rs.abstracts()[:args.n_abstracts]]
        elif name == "deid_dev":
            sets[name] = rs.load_set(DEV)
        elif name == "notes13dev":  # development notes the bundled adapter never saw
            sets[name] = rs.load_set(ROOT / "bench/data/deid_round3/notes13/dev.jsonl")
        else:
            sets[name] = fresh_notes(SETS[name])[0]
    base = None
    out = {"command": " ".join(sys.argv), "model": str(args.ner_model), "sets": {}}
    for sname, rows in sets.items():
        texts = [r["text"] for r in rows]
        gold = [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
        from meddx.deid import DEFAULT_DETECTORS, Deidentifier

        base = base or Deidentifier(detectors=list(DEFAULT_DETECTORS))
        res = {"default": base.detect_many(texts)}
        saved = dd.confirm_ner
        try:
            for vname in args.variants.split(","):
                dd.confirm_ner = _variant(*VARIANTS[vname])
                res[vname] = deid.detect_many(texts)
        finally:
            dd.confirm_ner = saved
        out["sets"][sname] = {}
        for vname, preds in res.items():
            p = [[(s.start, s.end, s.label) for s in spans] for spans in preds]
            o = score(list(zip(texts, gold, p, strict=True)))["overall"]
            row = {"recall": o["recall"], "precision": o["precision"], "n_pred": o["n_pred"],
                   "wrong": o["n_pred"] - o["right"]}
            out["sets"][sname][vname] = row
            r = "  -  " if o["recall"] is None else f"{o['recall']:.4f}"
            pr = "  -  " if o["precision"] is None else f"{o['precision']:.4f}"
            print(f"{sname:9s} {vname:10s} R {r} P {pr} spans {o['n_pred']} wrong "
                  f"{row['wrong']}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ner-model", type=Path, required=True)
    sub = ap.add_subparsers(dest="cmd", required=True)
    st = sub.add_parser("study")
    st.add_argument("--abstracts", default="0:300")
    st.add_argument("--dev", action="store_true")
    st.add_argument("--train", action="store_true")
    st.add_argument("--show-true", action="store_true")
    st.add_argument("--readable", type=Path, action="append", default=[],
                    help="more development notes whose errors may be read")
    va = sub.add_parser("variants")
    va.add_argument("--sets", default="fresh10,deid_dev,abstracts")
    va.add_argument("--variants", default=",".join(VARIANTS))
    va.add_argument("--n-abstracts", type=int, default=300)
    va.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    if args.cmd == "study":
        study(args)
    else:
        variants(args)


if __name__ == "__main__":
    main()
