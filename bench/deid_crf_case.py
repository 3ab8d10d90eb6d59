"""Letter case and layout: rules alone, crf alone and rules + crf on validation notes as written,
in ALL CAPS, in lower case and hard-wrapped at 70 columns (session 12, branch deidcrf12).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_crf_case.py \
        [--model M.crfsuite] [--threshold 0.85] [--out bench/results/deid_crf_case.json] [FILE ...]
    ... [--transforms 'as written,lower']   # session 15: a subset of the transforms
    ... [--ner-model DIR] [--configs rules+crf,default+ner]   # session 13: the ner detector too
    ... [--place-threshold 0.9] [--low-places]   # session 17: the crf's place settings
    ... [--place-band 0.5]   # session 18: named facility runs down to that P(not O)

FILE: annotated JSONL (default: ``bench/data/deid_round3/notes11/fresh.jsonl``, never trained
on). Every transform keeps each character's offset (a character whose other case has another
length stays; a wrap turns a space into a line break), so the gold spans hold unchanged.
Scoring is ``bench/deid_realstyle.py``'s; only figures are printed and written, never note text.

Each configuration runs ``Deidentifier.detect_many`` once on every note of every FILE, and
``detect_many`` shares the facility names it finds across the notes of one call
(``deid.consistent``: "Linden Hill" in one note once another names "Linden Hill Manor"). So
these figures differ from ``bench/deid_ner_fresh.py``'s (the ``meddx deid`` path, which shares
only within batches of 64 notes, one set at a time) in the third decimal: notes12v recall 0.9295
here against 0.9286 there, and pooling the 21 files lowers precision a little on each set (names
from one writer's notes found in another's; notes15c 0.9836 alone through ``meddx deid``, 0.9804
in the pooled call). Compare figures of one script only; ``bench/deid_path_compare.py`` scores
the paths side by side (session 16, branch tidy16).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402
from deid_realstyle import negative_hits, score  # noqa: E402


def _fold(fn):
    def run(text: str) -> str:
        out = fn(text)
        return out if len(out) == len(text) else "".join(
            c if len(fn(c)) != 1 else fn(c) for c in text)
    return run


def wrap(text: str, width: int = 70) -> str:
    """``text`` with the last space before column ``width`` of every longer line made a line
    break (as a hard-wrapping editor does; offsets unchanged)."""
    out, col, last = list(text), 0, -1
    for i, c in enumerate(out):
        if c == "\n":
            col, last = 0, -1
            continue
        if c == " ":
            last = i
        col += 1
        if col > width and last >= 0:
            out[last] = "\n"
            col, last = i - last, -1
    return "".join(out)


TRANSFORMS = {"as written": lambda t: t, "upper": _fold(str.upper), "lower": _fold(str.lower),
              "wrap70": wrap}


def add_crf_flags(ap: argparse.ArgumentParser) -> None:
    """The crf detector's settings as flags (session 17, branch crf17; left out, the
    detector's defaults)."""
    ap.add_argument("--threshold", type=float, default=None, help="crf threshold")
    ap.add_argument("--place-threshold", type=float, default=None,
                    help="crf threshold of HOSPITAL and LOCATION tokens (default: --threshold)")
    ap.add_argument("--low-places", action="store_true",
                    help="the crf detector's low_places option (unsure place runs with a "
                         "facility head word or a listed town)")
    ap.add_argument("--place-band", type=float, default=None,
                    help="the crf detector's place_band option: place runs with tokens down to "
                         "this P(not O) when they name a place (session 18, crf18)")


def crf_settings(args: argparse.Namespace) -> dict:
    """The crf detector attributes :func:`add_crf_flags`'s flags set (those given)."""
    out: dict = {"threshold": args.threshold, "place_threshold": args.place_threshold,
                 "place_band": args.place_band}
    out = {k: v for k, v in out.items() if v is not None}
    return {**out, "low_places": True} if args.low_places else out


def set_crf(deid, args: argparse.Namespace) -> None:
    """Give ``deid``'s crf detector (if it has one) the settings of :func:`add_crf_flags`."""
    for det in deid.detectors:
        if det.name == "crf":
            for key, value in crf_settings(args).items():
                setattr(det, key, value)


def main() -> None:
    from meddx.deid import CrfDetector, Deidentifier

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path,
                    default=[data.ROUND3 / "notes11" / "fresh.jsonl"])
    ap.add_argument("--model", default=None, help="CRF model (default: the bundled one)")
    add_crf_flags(ap)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--ner-model", default=None,
                    help="adds default+ner (rules, names, places, crf, ner with this model)")
    ap.add_argument("--configs", default=None,
                    help="comma-separated configurations to run (default: all)")
    ap.add_argument("--transforms", default=None,
                    help="comma-separated transforms to run: 'as written', upper, lower, wrap70 "
                         "(default: all)")
    args = ap.parse_args()
    transforms = TRANSFORMS
    if args.transforms:
        unknown = set(args.transforms.split(",")) - set(TRANSFORMS)
        if unknown:
            ap.error(f"unknown transforms: {sorted(unknown)}")
        transforms = {k: TRANSFORMS[k] for k in args.transforms.split(",")}
    model = args.model or CrfDetector().path
    rows = data.notes(args.files)
    gold = [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
    negs = [r.get("negatives", []) for r in rows]
    rules = ["rules", "names", "places"]
    configs = {"rules": Deidentifier(detectors=rules),
               "rules+crf": Deidentifier(detectors=[*rules, "crf"], crf_model=model),
               "crf": Deidentifier(detectors=["crf"], crf_model=model, consistent=False),
               # session 26: the default without deid.consistent (no corpus-wide propagation)
               "rules+crf-nocons": Deidentifier(detectors=[*rules, "crf"], crf_model=model,
                                                consistent=False),
               # the default with deid.facility_forms_across_notes (the pre-session-26 pass)
               "rules+crf-across": Deidentifier(detectors=[*rules, "crf"], crf_model=model,
                                                facility_forms_across_notes=True)}
    if args.ner_model:
        configs["default+ner"] = Deidentifier(detectors=[*rules, "crf", "ner"], crf_model=model,
                                              ner_model=args.ner_model)
    if args.configs:
        configs = {k: configs[k] for k in args.configs.split(",")}
    for d in configs.values():
        set_crf(d, args)
    result: dict = {"files": [str(f) for f in args.files], "model": Path(model).name,
                    "threshold": args.threshold, "place_threshold": args.place_threshold,
                    "low_places": args.low_places, "place_band": args.place_band,
                    "n_notes": len(rows), "argv": sys.argv[1:], "ner_model": args.ner_model}
    for tname, fn in transforms.items():
        texts = [fn(r["text"]) for r in rows]
        for cname, deid in configs.items():
            preds = [[(s.start, s.end, s.label) for s in spans] for spans in deid.detect_many(texts)]
            res = score(list(zip(texts, gold, preds, strict=True)))
            o = res["overall"]
            got = {"recall": o["recall"], "precision": o["precision"],
                   "typed_recall": o["typed_recall"], "found": o["found"], "n_gold": o["n_gold"],
                   "wrong": o["n_pred"] - o["right"],
                   "hard_negatives_tagged": sum(v["tagged"] for v in negative_hits(negs, preds).values()),
                   "recall_by_type": {t: v["recall"] for t, v in res["by_type"].items()}}
            result[f"{tname}/{cname}"] = got
            by_type = ", ".join(f"{t} {v or 0:.3f}" for t, v in got["recall_by_type"].items()
                                if t in ("NAME", "HOSPITAL", "LOCATION", "DATE"))
            print(f"{tname:10s} {cname:9s} R {got['recall']:.4f} P {got['precision']:.4f} "
                  f"typed {got['typed_recall']:.4f} wrong {got['wrong']} hard negatives "
                  f"{got['hard_negatives_tagged']} ({by_type})", flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
