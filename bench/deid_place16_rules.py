"""The writer groups and the validation sets with notes16c (``bench/deid_writer_groups.py``'s
scoring, aggregates only), with one of session 16's place rules switched off (branch
deidplace16; no source change: the rule's function is replaced in this process).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/deid_place16_rules.py \
        [--off ends|crf_tail|address|fields|street] [--n16c FILE] [--out FILE.json]

Rules: ``ends`` (``_facility_ends``: every detector's place span completed at note level),
``crf_tail`` (``_crf_places``: the crf's place span over the facility words after it below the
threshold), ``address`` (``_case_shapes``: lower-case "town st ZIP" and "town, state" lines),
``fields`` (``_facility_fields``: the value of a facility field), ``street`` (``_street_forms``: a
street before its town and state). ``--n16c``: notes16c (default
its path in this checkout; a validation set). The pooled line is fresh10 + notes11 + notes12v +
notes15c + notes16c (the merge rule's sets). Only figures are printed, never note text.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deid_writer_groups as wg  # noqa: E402

_N16C = Path(__file__).resolve().parent / "data" / "deid_round3" / "notes16c" / "fresh.jsonl"
RULES = ("ends", "crf_tail", "address", "fields", "street")


def switch_off(rule: str) -> None:
    if rule == "ends":
        import meddx.deid._facility_parts as parts
        parts.facility_end_spans = lambda text, spans: spans
    elif rule == "crf_tail":
        import meddx.deid._crf as crf
        crf.place_tail = lambda *args: None
    elif rule == "address":
        import meddx.deid._case_shapes as shapes
        shapes._zip_town = lambda *args: False
        shapes._TOWN_COMMA_STATE = re.compile(r"(?!x)x")
    elif rule == "fields":
        import meddx.deid._places as places
        places.field_value_spans = lambda text, lex: []
    elif rule == "street":
        import meddx.deid._street_forms as streets
        streets._BEFORE_TOWN = re.compile(r"(?!x)x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--off", default="", choices=("", *RULES))
    ap.add_argument("--n16c", default=str(_N16C))
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if args.off:
        switch_off(args.off)
    groups = wg.groups

    def with_n16c(notes15c: str) -> dict[str, list[str]]:
        return {**groups(notes15c), "notes16c": [args.n16c]}

    wg.groups = with_n16c
    wg.VALIDATION = (*wg.VALIDATION, "notes16c")
    sys.argv = [sys.argv[0], "--groups", "A,B,C,D,E,fresh10,notes11,notes12v,notes15c,notes16c",
                "--types", "HOSPITAL,LOCATION", *(["--out", args.out] if args.out else [])]
    wg.main()


if __name__ == "__main__":
    main()
