"""Validation of the ``crf`` detector: rules alone vs rules + crf, on notes the model never saw.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_crf_eval.py \
        --thresholds 0.3,0.4,0.5,0.6,0.7 --cv --out bench/results/deid_crf_eval.json

* **fresh**: a model trained on the training notes (``deid_crf_data.train_files``: non-fresh
  round-3 sets + real-style dev) scores the 146 ``bench/data/deid_round3/*/fresh.jsonl`` notes.
* **cv** (``--cv``): leave one round-3 folder out: train on every other folder's non-fresh notes
  + real-style dev, score the left-out folder's non-fresh notes; pooled over the folds.
* **score** (``--score FILE``): any annotated JSONL (with ``FILE_hard_negatives.jsonl`` beside it
  when there is one) scored with ``--model`` (default: the bundled model); figures only, so it
  may be run on held-out sets by whoever may score them.
* **abstracts**: spans on the bundled Medical Abstracts (no PHI expected), and the shared and
  real-style dev sets (tuned on; real-style dev is also trained on, so in-sample for the crf).

Scoring is ``bench/deid_realstyle.py``'s (found = every alphanumeric character covered, any
label; typed recall = by spans of the same type). Hard negatives tagged: look-alikes touched.
Only figures are printed and written, never note text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402
from deid_realstyle import _shared_notes, negative_hits, score  # noqa: E402

RULES = ["rules", "names", "places"]


def _predict(deid, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(s.start, s.end, s.label) for s in spans] for spans in deid.detect_many(texts)]


def _crf_of(deid):
    return next(d for d in deid.detectors if d.name == "crf")


def evaluate(rows: list[dict], model: str, thresholds: list[float], rules_preds=None) -> dict:
    """Scores of rules alone, crf alone and rules + crf (per threshold) on ``rows``."""
    from meddx.deid import Deidentifier

    texts = [r["text"] for r in rows]
    gold = [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
    negs = [r.get("negatives", []) for r in rows]

    def scored(preds) -> dict:
        res = score(list(zip(texts, gold, preds, strict=True)))
        res["hard_negatives"] = negative_hits(negs, preds)
        res["hard_negatives_tagged"] = sum(v["tagged"] for v in res["hard_negatives"].values())
        return res

    out: dict = {"n_notes": len(rows), "preds": {}}
    rules = rules_preds if rules_preds is not None else _predict(Deidentifier(detectors=RULES), texts)
    out["rules"] = scored(rules)
    both = Deidentifier(detectors=[*RULES, "crf"], crf_model=model)
    alone = Deidentifier(detectors=["crf"], crf_model=model, consistent=False)
    for t in thresholds:
        _crf_of(both).threshold = _crf_of(alone).threshold = t
        for guard in (True, False):
            g = "" if guard else "-noguard"
            _crf_of(both).guard = _crf_of(alone).guard = guard
            out[f"crf{g}@{t}"] = scored(_predict(alone, texts))
            preds = _predict(both, texts)
            out[f"rules+crf{g}@{t}"] = scored(preds)
            out["preds"][f"rules+crf{g}@{t}"] = preds
    out["preds"]["rules"] = rules
    return out


def pooled(folds: list[tuple[list[dict], dict]], key: str) -> dict:
    """One score over the notes of every fold (each fold's predictions under ``key``)."""
    texts, gold, preds, negs = [], [], [], []
    for rows, res in folds:
        texts += [r["text"] for r in rows]
        gold += [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
        negs += [r.get("negatives", []) for r in rows]
        preds += res["preds"][key]
    res = score(list(zip(texts, gold, preds, strict=True)))
    res["hard_negatives_tagged"] = sum(v["tagged"] for v in negative_hits(negs, preds).values())
    return res


def _line(name: str, res: dict) -> str:
    o = res["overall"]
    return (f"{name:22s} R {o['recall']:.4f} P {o['precision']:.4f} typed {o['typed_recall']:.4f} "
            f"({o['found']}/{o['n_gold']} found, {o['n_pred'] - o['right']} wrong of {o['n_pred']}"
            f" pred; hard negatives tagged {res['hard_negatives_tagged']})")


def _types(res: dict) -> str:
    """Per type: recall / typed recall / wrong predicted spans."""
    return ", ".join(f"{t} {r['recall'] or 0:.3f}/{r['typed_recall'] or 0:.3f}/{r['n_pred'] - r['right']}"
                     for t, r in res["by_type"].items())


def abstract_spans(model: str, thresholds: list[float]) -> dict:
    from meddx.deid import Deidentifier

    texts = data.abstract_texts("check")
    out = {"n_abstracts": len(texts), "n_words": sum(len(t.split()) for t in texts)}
    for name, dets in (("rules", RULES), ("rules+crf", [*RULES, "crf"]),
                       ("rules+crf-noguard", [*RULES, "crf"])):
        deid = Deidentifier(detectors=dets, crf_model=model)
        for t in thresholds if "crf" in dets else [None]:
            if t is not None:
                _crf_of(deid).threshold = t
                _crf_of(deid).guard = "noguard" not in name
            preds = _predict(deid, texts)
            key = name if t is None else f"{name}@{t}"
            out[key] = {"n_spans": sum(map(len, preds)),
                        "by_label": dict(Counter(s[2] for p in preds for s in p).most_common())}
            print(f"abstracts  {key:18s} {out[key]['n_spans']} spans {out[key]['by_label']}",
                  flush=True)
    return out


def main() -> None:
    from meddx.deid import train_crf

    ap = argparse.ArgumentParser()
    ap.add_argument("--c1", type=float, default=None)
    ap.add_argument("--c2", type=float, default=None)
    ap.add_argument("--iterations", type=int, default=None)
    ap.add_argument("--min-freq", type=int, default=None)
    ap.add_argument("--no-case-augment", action="store_true",
                    help="train without the ALL CAPS / lower-case copies (session 11's models)")
    ap.add_argument("--abstracts", type=int, default=400,
                    help="PHI-free training abstracts (even rows); the odd rows are the check")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7")
    ap.add_argument("--cv", action="store_true", help="also leave-one-folder-out cross-validation")
    ap.add_argument("--no-fresh", action="store_true")
    ap.add_argument("--score", type=Path, action="append", default=[],
                    help="also score this annotated JSONL with --model (aggregates only, never its "
                    "notes: usable on held-out sets); repeat for several")
    ap.add_argument("--model", default=None, help="CRF model for --score and --check-abstracts "
                    "(default: the bundled one)")
    ap.add_argument("--check-abstracts", action="store_true",
                    help="spans of --model on the abstracts check rows (odd rows not in even rows)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    thresholds = [float(x) for x in args.thresholds.split(",")]
    settings = {k: v for k, v in (("c1", args.c1), ("c2", args.c2), ("max_iterations", args.iterations),
                                  ("min_freq", args.min_freq)) if v is not None}
    if args.no_case_augment:
        settings["case_augment"] = False
    tmp = Path(tempfile.mkdtemp())
    result: dict = {"settings": settings, "n_abstracts_trained": args.abstracts,
                    "thresholds": thresholds, "argv": sys.argv[1:]}
    keys = ["rules"] + [f"rules+crf{g}@{t}" for t in thresholds for g in ("", "-noguard")]
    if not args.no_fresh:
        model = str(tmp / "train.crfsuite")
        result["train"] = train_crf(data.training_notes(n_abstracts=args.abstracts), model,
                                    **settings)
        print("trained:", result["train"], flush=True)
        fresh = data.notes(data.fresh_files())
        res = evaluate(fresh, model, thresholds)
        print(f"fresh ({len(fresh)} notes)")
        for k in ["rules"] + [f"{p}{g}@{t}" for t in thresholds for g in ("", "-noguard")
                              for p in ("crf", "rules+crf")]:
            print("  " + _line(k, res[k]) + "\n      " + _types(res[k]), flush=True)
        result["fresh"] = {k: v for k, v in res.items() if k != "preds"}
        result["abstracts"] = abstract_spans(model, thresholds)
        for name, path in (("realstyle-dev", data.REALSTYLE_DEV), ("shared-deid-dev", _shared_notes())):
            rows = data.notes([path])
            sres = evaluate(rows, model, thresholds)
            result[name] = {k: v for k, v in sres.items() if k != "preds"}
            for k in ["rules"] + [f"rules+crf@{t}" for t in thresholds]:
                print(f"{name}  " + _line(k, sres[k]), flush=True)
    if args.cv:
        folds = []
        seconds = []
        for folder in data.folders():
            files = data.dev_files(folder)
            if not files:
                continue
            model = str(tmp / f"cv_{folder.name}.crfsuite")
            t0 = time.perf_counter()
            train_crf(data.training_notes(folder, n_abstracts=args.abstracts), model, **settings)
            seconds.append(time.perf_counter() - t0)
            rows = data.notes(files)
            res = evaluate(rows, model, thresholds)
            folds.append((rows, res))
            print(f"cv {folder.name:12s} " + _line("rules", res["rules"]) + "\n"
                  + " " * 16 + _line(keys[-2], res[keys[-2]]), flush=True)
        result["cv"] = {"folds": [f"{r[0]['id'].rsplit('-', 1)[0]}" for r, _ in folds],
                        "train_seconds_median": round(statistics.median(seconds), 1)}
        for k in keys:
            name = k
            result["cv"][name] = pooled(folds, k)
            print("cv pooled " + _line(name, result["cv"][name]) + "\n      "
                  + _types(result["cv"][name]), flush=True)
    for path in args.score:
        from meddx.deid import CrfDetector

        model = args.model or CrfDetector().path
        res = evaluate(data.notes([path]), model, thresholds)
        result[f"score:{path}"] = {k: v for k, v in res.items() if k != "preds"}
        print(f"{path} ({res['n_notes']} notes, model {Path(model).name})")
        for k in ["rules"] + [f"{p}@{t}" for t in thresholds for p in ("crf", "rules+crf")]:
            print("  " + _line(k, res[k]) + "\n      " + _types(res[k]), flush=True)
    if args.check_abstracts:
        from meddx.deid import CrfDetector

        result["abstracts_model"] = abstract_spans(args.model or CrfDetector().path, thresholds)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
