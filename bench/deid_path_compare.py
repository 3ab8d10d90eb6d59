"""Why ``bench/deid_ner_fresh.py`` and ``bench/deid_crf_case.py`` give the default detectors
different figures on the same notes (session 16, branch tidy16): the same notes scored through
each script's path, and through the paths between them, aggregates only.

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_path_compare.py \
        [--sets fresh10,notes15c] [--pooled] [--out FILE.json]

Paths (default detectors rules, names, places, crf; scoring ``deid_realstyle.score``):

* ``meddx deid``: ``deid_realstyle.run_deid``, the path of ``deid_ner_fresh.py`` (``deid_file``:
  ``Deidentifier.detect_many`` on batches of ``_CHUNK`` = 64 notes, in file order);
* ``all at once``: ``Deidentifier.detect_many`` on every note of the run in one call, the path
  of ``deid_crf_case.py`` (and of ``deid_writer_groups.py``, one call per group);
* ``batches of 64``: ``detect_many`` on the same batches ``deid_file`` makes;
* ``note by note``: ``detect_many`` on one note at a time;
* ``consistent off``: all at once without the consistency pass (nothing shared across notes);
* ``all at once, facility forms across notes``: all at once with
  ``deid.facility_forms_across_notes: true`` (session 26; by default, session 27, a facility's
  short forms are carried to another note only where it shows them with a facility cue);
* ``pooled call`` (with ``--pooled``): ``detect_many`` on the notes of all four validation sets
  in one call, as ``deid_crf_case.py`` runs when given the 21 pooled files, this set's share.

``detect_many`` shares the facility names learned after transfer verbs (and the short forms of
facilities found, where cued or, with ``facility_forms_across_notes: true``, everywhere) across
the texts of one call (``consistent``: ``facility_forms``), so a note's spans depend on which
notes share its call.
Printed: recall, precision, found / gold, and how many notes' spans differ from the
``meddx deid`` path; never a note, a span or an error. Validation sets only (aggregates).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_realstyle as rs  # noqa: E402

_R3 = Path(__file__).resolve().parent / "data" / "deid_round3"
_NOT_FRESH10 = {"notes11", "notes12v", "notes13v", "notes14v", "notes15c", "notes15v",
                "notes16c", "notes16v", "notes17v", "notes18v", "notes19sv",
                "notes19sw", "notes20sv", "notes21sv", "notes22sv"}
SETS = {
    "fresh10": sorted(p for p in _R3.glob("*/fresh.jsonl") if p.parent.name not in _NOT_FRESH10),
    "notes11": [_R3 / "notes11" / "fresh.jsonl"],
    "notes12v": [_R3 / "notes12v" / "fresh.jsonl"],
    "notes15c": [_R3 / "notes15c" / "fresh.jsonl"],
}


def paths(texts: list[str]) -> dict[str, list]:
    """Each path's spans of ``texts`` as (start, end, label) lists."""
    from meddx.deid import CrfDetector, Deidentifier
    from meddx.deid._stream import _CHUNK

    def spans(found):
        return [[(s.start, s.end, s.label) for s in note] for note in found]

    detectors = ["rules", "names", "places", "crf"]
    model = CrfDetector().path  # as deid_crf_case.py builds it
    deid = Deidentifier(detectors=detectors, crf_model=model)
    out = {"meddx deid": rs.run_deid(texts, {})[0],
           "all at once": spans(deid.detect_many(texts)),
           "batches of 64": [s for i in range(0, len(texts), _CHUNK)
                             for s in spans(deid.detect_many(texts[i:i + _CHUNK]))],
           "note by note": [spans(deid.detect_many([t]))[0] for t in texts]}
    off = Deidentifier(detectors=detectors, crf_model=model, consistent=False)
    out["consistent off"] = spans(off.detect_many(texts))
    across = Deidentifier(detectors=detectors, crf_model=model, facility_forms_across_notes=True)
    out["all at once, facility forms across notes"] = spans(across.detect_many(texts))
    return out


def pooled_call(notes_of: dict[str, list[dict]]) -> dict[str, list]:
    """Each set's spans from one ``detect_many`` call on the notes of every set."""
    from meddx.deid import CrfDetector, Deidentifier

    deid = Deidentifier(detectors=["rules", "names", "places", "crf"],
                        crf_model=CrfDetector().path)
    texts = [n["text"] for notes in notes_of.values() for n in notes]
    found = [[(s.start, s.end, s.label) for s in note] for note in deid.detect_many(texts)]
    out, at = {}, 0
    for name, notes in notes_of.items():
        out[name], at = found[at:at + len(notes)], at + len(notes)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="fresh10,notes15c")
    ap.add_argument("--pooled", action="store_true",
                    help="also score each set's share of one call on all four sets' notes")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    unknown = set(args.sets.split(",")) - set(SETS)
    if unknown:
        ap.error(f"unknown set(s) {sorted(unknown)}; validation sets: {', '.join(SETS)}")
    result: dict = {"argv": sys.argv[1:]}
    notes_of = {name: [n for p in files for n in rs.load_set(p)] for name, files in SETS.items()}
    pooled = pooled_call(notes_of) if args.pooled else {}
    for name in args.sets.split(","):
        notes = notes_of[name]
        texts = [n["text"] for n in notes]
        gold = [[(p["start"], p["end"], p["type"]) for p in n["phi"]] for n in notes]
        found = paths(texts)
        if pooled:
            found["pooled call"] = pooled[name]
        ref = found["meddx deid"]
        for pname, preds in found.items():
            o = rs.score(list(zip(texts, gold, preds, strict=True)))["overall"]
            differ = sum(sorted(a) != sorted(b) for a, b in zip(preds, ref, strict=True))
            result[f"{name}/{pname}"] = {"recall": o["recall"], "precision": o["precision"],
                                         "found": o["found"], "n_gold": o["n_gold"],
                                         "n_pred": o["n_pred"], "notes_differing": differ}
            print(f"{name:9s} {pname:15s} R {o['recall']:.4f} P {o['precision']:.4f} "
                  f"({o['found']}/{o['n_gold']} found, {o['n_pred']} spans; "
                  f"{differ} of {len(texts)} notes differ from meddx deid)", flush=True)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
